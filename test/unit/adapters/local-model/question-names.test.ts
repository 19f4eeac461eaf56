import { describe, expect, it } from 'vitest';
import { holdsName, namesIn } from '../../../../adapters/local-model/question-names.js';

describe('namesIn', () => {
  it('reads runs of two or more capitalised words inside the question as names', () => {
    expect(namesIn('How do I install Microsoft Office on Debian?')).toEqual(['Microsoft Office']);
    expect(namesIn('Is there a way to turn a Red Hat installer into one that works here?')).toEqual([
      'Red Hat',
    ]);
    expect(namesIn("What is the Debian Project's logo?")).toEqual(['Debian Project']);
  });

  it('leaves out single names, acronyms beside a name, the first word and title-case questions', () => {
    expect(namesIn('What portal address do I enter in GlobalProtect?')).toEqual([]);
    expect(namesIn('Which host names are resolved through Multicast DNS?')).toEqual([]);
    expect(namesIn('Debian Users can install it?')).toEqual([]);
    expect(namesIn('How Do I Reset My Password?')).toEqual([]);
  });
});

describe('holdsName', () => {
  it('finds the name as written, apart from case and spacing', () => {
    expect(holdsName('Packages from Red\nHat are converted by alien.', 'Red Hat')).toBe(true);
    expect(holdsName('CIFS is used widely by Microsoft Windows in the office.', 'Microsoft Office')).toBe(
      false,
    );
  });
});
