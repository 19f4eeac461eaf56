import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../../adapters/local-knowledge/parse-html.js';

const blocksOf = (source: string) =>
  parseHtml(source, 'manual.html').blocks.map((block) => [block.headingPath.join(' > '), block.text]);

/** A chapter page as DocBook and similar generators write it: navigation, contents, body, footer. */
const CHAPTER = `<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Chapter 2. Packages</title></head><body>
<div class="navheader"><table summary="Navigation header"><tr><th colspan="3">Chapter 2. Packages</th></tr>
  <tr><td><a href="ch01.html">Prev</a></td><td><a href="ch03.html">Next</a></td></tr></table><hr/></div>
<div class="chapter">
  <h1 class="title"><a id="packages"/>Chapter 2. Packages</h1>
  <div class="toc"><p><strong>Table of Contents</strong></p>
    <dl class="toc"><dt><a href="#hold">2.1. Holding a package</a></dt><dt><a href="#logs">2.2. Logs</a></dt></dl></div>
  <p>Packages hold the files of one program.</p>
  <div class="section"><h2 class="title"><a id="hold"/>2.1. Holding a package</h2>
    <p>Run the hold command to keep a package at its version.</p>
    <ul><li><a href="#a">Holding</a></li><li><a href="#b">Releasing</a></li><li><a href="#c">Listing holds</a></li></ul>
    <ul><li>Holds survive upgrades; see <a href="#d">the list</a>.</li><li>Releasing a hold is one command.</li></ul>
  </div>
  <div id="related-toc"><p>Also in this manual: logs, mirrors.</p></div>
  <div role="navigation"><p>Back to the top</p></div>
</div>
<div class="navfooter"><table summary="Navigation footer"><tr><td><a href="ch01.html">Chapter 1. Basics</a></td>
  <td><a href="ch03.html">Chapter 3. Logs</a></td></tr></table></div>
</body></html>`;

describe('parseHtml structure', () => {
  it('keeps the chapter and drops navigation bars, contents, link menus and footers', () => {
    expect(parseHtml(CHAPTER, 'ch02.html').title).toBe('Chapter 2. Packages');
    expect(blocksOf(CHAPTER)).toEqual([
      ['Chapter 2. Packages', 'Packages hold the files of one program.'],
      [
        'Chapter 2. Packages > 2.1. Holding a package',
        'Run the hold command to keep a package at its version.',
      ],
      ['Chapter 2. Packages > 2.1. Holding a package', 'Holds survive upgrades; see the list.'],
      ['Chapter 2. Packages > 2.1. Holding a package', 'Releasing a hold is one command.'],
    ]);
  });

  it('keeps a list of links to other sites: those are content, not navigation', () => {
    const source =
      '<h2>Security modules</h2><p>For example:</p><ul>' +
      '<li><a href="https://apparmor.net/">AppArmor</a></li><li><a href="https://example.org/selinux">SELinux</a></li>' +
      '<li><a href="//example.org/smack">Smack</a></li></ul>' +
      '<ul><li><a href="ch03.html#a">Section 3.1</a></li><li><a href="ch03.html#b">Section 3.2</a></li><li><a href="#c">Section 3.3</a></li></ul>';
    expect(blocksOf(source)).toEqual([
      ['Security modules', 'For example:'],
      ['Security modules', 'AppArmor'],
      ['Security modules', 'SELinux'],
      ['Security modules', 'Smack'],
    ]);
  });

  it('puts the rows of a long table under its caption, or its summary when it has none', () => {
    const rows = Array.from(
      { length: 12 },
      (_, index) =>
        `<tr><td>tool-${String.fromCharCode(97 + index)}</td><td>A description long enough to make this table too long to keep whole, number ${index}.</td></tr>`,
    ).join('');
    const withCaption = `<h2>Tools</h2><table><caption>List of backup tools</caption><tr><th>package</th><th>description</th></tr>${rows}</table>`;
    const withSummary = `<h2>Tools</h2><table summary="List of backup tools"><tr><th>package</th><th>description</th></tr>${rows}</table>`;
    for (const source of [withCaption, withSummary]) {
      const [first] = blocksOf(source);
      expect(first).toEqual([
        'Tools > List of backup tools > tool-a',
        'description: A description long enough to make this table too long to keep whole, number 0.',
      ]);
    }
  });

  it("names a short table's first cells by their column, so a question can match them", () => {
    const source =
      '<h2>Private networks</h2><table><tr><th>class</th><th>network addresses</th></tr>' +
      '<tr><td>A</td><td>10.x.x.x</td></tr><tr><td>C</td><td>192.168.0.x</td></tr></table>';
    expect(blocksOf(source)).toEqual([
      ['Private networks', 'class A: network addresses: 10.x.x.x\nclass C: network addresses: 192.168.0.x'],
    ]);
  });

  it('keeps a layout table of one cell, such as a boxed tip, as its text', () => {
    const source =
      '<h2>Boot</h2><div class="tip"><table summary="Tip"><tr><td><img alt="[Tip]" src="tip.png"/></td><th>Tip</th></tr>' +
      '<tr><td><p>Keep rescue media at hand.</p></td></tr></table></div>';
    expect(blocksOf(source)).toEqual([['Boot', 'Keep rescue media at hand.']]);
  });
});
