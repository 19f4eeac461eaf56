import { describe, expect, it } from 'vitest';
import { parsePlainText } from '../../../../adapters/local-knowledge/parse-plain-text.js';

const pathsOf = (source: string) =>
  parsePlainText(source, 'guide.txt').blocks.map((block) => [block.headingPath.join(' > '), block.text]);

describe('parsePlainText structure', () => {
  it('nests numbered sections, also when a heading wraps over lines, and leaves out the table of contents', () => {
    const source = [
      '                      The Packaging Guide',
      'Table of Contents',
      '1. Basics\n    1.1. What is a package?\n    1.2. How do I hold a package back from\n    upgrades?\n    1.3. Where are logs?\n    1.4. Who wrote it?\n    1.5. Why?',
      'Chapter 1. Basics',
      '1.1. What is a package?',
      '    A package holds the files of one program.',
      '1.2. How do I hold a package back from\nupgrades?',
      '    Run the hold command.',
      '1.2.1. And with the old tool?',
      '    Edit the selections file.',
      '1.3. Where are logs?',
      '    In /var/log.',
    ].join('\n\n');
    const document = parsePlainText(source, 'guide.txt');
    expect(document.title).toBe('The Packaging Guide');
    expect(pathsOf(source)).toEqual([
      [
        'The Packaging Guide > Chapter 1. Basics > 1.1. What is a package?',
        'A package holds the files of one program.',
      ],
      [
        'The Packaging Guide > Chapter 1. Basics > 1.2. How do I hold a package back from upgrades?',
        'Run the hold command.',
      ],
      [
        'The Packaging Guide > Chapter 1. Basics > 1.2. How do I hold a package back from upgrades? > 1.2.1. And with the old tool?',
        'Edit the selections file.',
      ],
      ['The Packaging Guide > Chapter 1. Basics > 1.3. Where are logs?', 'In /var/log.'],
    ]);
  });

  it('reads underlined and all-capitals headings, outer and inner', () => {
    const source = [
      'WORKING HOURS',
      'Overtime\n========\nAgree overtime in advance.',
      'On call\n-------\nThe rota changes weekly.',
      'Pay\n---',
      'Standby pays 150 EUR a week.',
    ].join('\n\n');
    expect(pathsOf(source)).toEqual([
      ['WORKING HOURS > Overtime', 'Agree overtime in advance.'],
      ['WORKING HOURS > Overtime > On call', 'The rota changes weekly.'],
      ['WORKING HOURS > Overtime > Pay', 'Standby pays 150 EUR a week.'],
    ]);
  });

  it('keeps numbered list items and sentences as text, not headings', () => {
    const source = [
      'Setup',
      '1. Install the client.\n2. Sign in with your account.',
      '3. Restart the laptop when asked to do so by the installer.',
      'Afterwards you are done.',
    ].join('\n\n');
    expect(pathsOf(source)).toEqual([
      ['Setup', 'Install the client.\nSign in with your account.'],
      ['Setup', 'Restart the laptop when asked to do so by the installer.'],
      ['Setup', 'Afterwards you are done.'],
    ]);
  });

  it('drops page numbers and running headers at form feeds, so a paragraph split by a page joins up', () => {
    const page = (number: number, body: string) => `Acme Handbook\n\n${body}\n\nPage ${number} of 3`;
    const source = [
      page(1, 'Expenses\n\nClaims are paid monthly.'),
      page(2, 'Travel\n\nBook trains for short trips.'),
      page(3, 'Holidays\n\nYou have 27 days.'),
    ].join('\f');
    const document = parsePlainText(source, 'handbook.txt');
    const text = document.blocks.map((block) => block.text).join('\n');
    expect(text).not.toMatch(/Acme Handbook|Page \d/);
    expect(document.blocks.map((block) => block.headingPath.at(-1))).toEqual([
      'Expenses',
      'Travel',
      'Holidays',
    ]);
  });

  it('keeps a boxed remark\'s label ("Tip") and what follows it in the section around it', () => {
    const source = [
      'Manual',
      '3.1.2. The boot loader',
      'The boot loader loads the kernel.',
      'Tip',
      'Keep rescue media at hand.',
      'Then edit the menu file.',
      '3.1.3. The mini system',
      'It runs from memory.',
    ].join('\n\n');
    expect(pathsOf(source)).toEqual([
      ['Manual > 3.1.2. The boot loader', 'The boot loader loads the kernel.'],
      ['Manual > 3.1.2. The boot loader', 'Tip'],
      ['Manual > 3.1.2. The boot loader', 'Keep rescue media at hand.'],
      ['Manual > 3.1.2. The boot loader', 'Then edit the menu file.'],
      ['Manual > 3.1.3. The mini system', 'It runs from memory.'],
    ]);
  });
});
