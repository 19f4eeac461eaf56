import type { ActionLineDialect } from '../action-lines.js';

/**
 * What differs between the platforms' settings forms besides how inputs are drawn: how people
 * and allowed actions are written, and how much room a problem has under its input.
 */
export interface FormDialect {
  readonly actionLines: ActionLineDialect;
  /** An example allowed-action line, as a placeholder. */
  readonly actionExample: string;
  /** How each kind of input is filled on this platform, said before the input's own help. */
  readonly writing: Readonly<Partial<Record<'people' | 'groups' | 'actions', string>>>;
  /** Problems with an action line also name the action (where each problem has a line of its own). */
  readonly namesActionInProblems: boolean;
  /**
   * The ids this platform's pickers can show, where people and channels are picked rather than
   * typed. Other stored ids cannot be shown, so saving from this platform drops them.
   */
  readonly pickable?: Readonly<Record<'people' | 'channel', RegExp>>;
}
