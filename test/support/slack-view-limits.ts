/**
 * Slack's documented Block Kit limits for views (modals and Home tabs), checked the way Slack
 * does before it shows a view: a view breaking any of them is refused with `invalid_arguments`.
 * The fake Slack applies them so that tests fail where Slack would.
 */

type Json = Readonly<Record<string, unknown>>;

const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string =>
  isJson(value) && typeof value.text === 'string' ? value.text : '';

const ELEMENT_LIMITS = {
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
};

export function viewProblems(view: unknown): string[] {
  if (!isJson(view)) {
    return ['view must be an object'];
  }
  const problems: string[] = [];
  const blocks = Array.isArray(view.blocks) ? (view.blocks as unknown[]) : [];
  if (view.type !== 'modal' && view.type !== 'home') {
    problems.push(`unknown view type ${String(view.type)}`);
  }
  if (blocks.length > 100) {
    problems.push(`${blocks.length} blocks, more than 100`);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    problems.push('private_metadata longer than 3000 characters');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) {
    problems.push('callback_id longer than 255 characters');
  }
  if (view.type === 'modal') {
    for (const field of ['title', 'submit', 'close']) {
      if (textOf(view[field]).length > 24) {
        problems.push(`${field} longer than 24 characters`);
      }
    }
    if (textOf(view.title) === '') {
      problems.push('a modal needs a title');
    }
    if (blocks.some((block) => isJson(block) && block.type === 'input') && view.submit === undefined) {
      problems.push('a modal with inputs needs a submit button');
    }
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    if (!isJson(block)) {
      problems.push(`block ${index} is not an object`);
      return;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) {
        problems.push(`block_id ${block.block_id} is used twice`);
      }
      blockIds.add(block.block_id);
    }
    problems.push(
      ...blockProblems(block).map((problem) => `block ${index} (${String(block.type)}): ${problem}`),
    );
  });
  return problems;
}

function blockProblems(block: Json): string[] {
  const problems: string[] = [];
  switch (block.type) {
    case 'header':
      if (textOf(block.text).length > 150) {
        problems.push('header text longer than 150 characters');
      }
      break;
    case 'section':
      if (textOf(block.text).length > 3000) {
        problems.push('section text longer than 3000 characters');
      }
      if (block.accessory !== undefined) {
        problems.push(...elementProblems(block.accessory));
      }
      break;
    case 'context': {
      const elements = Array.isArray(block.elements) ? (block.elements as unknown[]) : [];
      if (elements.length > 10) {
        problems.push('more than 10 context elements');
      }
      if (elements.some((element) => textOf(element).length > 3000)) {
        problems.push('context text longer than 3000 characters');
      }
      break;
    }
    case 'actions': {
      const elements = Array.isArray(block.elements) ? (block.elements as unknown[]) : [];
      if (elements.length > 25) {
        problems.push('more than 25 elements');
      }
      elements.forEach((element) => problems.push(...elementProblems(element)));
      break;
    }
    case 'input':
      if (textOf(block.label) === '' || textOf(block.label).length > 2000) {
        problems.push('label missing or longer than 2000 characters');
      }
      if (textOf(block.hint).length > 2000) {
        problems.push('hint longer than 2000 characters');
      }
      problems.push(...elementProblems(block.element));
      break;
    case 'divider':
    case 'rich_text':
      break;
    default:
      problems.push('block type not checked by the fake');
  }
  return problems;
}

function elementProblems(element: unknown): string[] {
  if (!isJson(element)) {
    return ['element missing'];
  }
  const problems: string[] = [];
  if (textOf(element.placeholder).length > ELEMENT_LIMITS.placeholder) {
    problems.push('placeholder longer than 150 characters');
  }
  const options = [
    ...(Array.isArray(element.options) ? (element.options as unknown[]) : []),
    ...(Array.isArray(element.initial_options) ? (element.initial_options as unknown[]) : []),
    ...(element.initial_option !== undefined ? [element.initial_option] : []),
  ];
  for (const option of options) {
    if (!isJson(option) || textOf(option.text).length > ELEMENT_LIMITS.optionText) {
      problems.push('option text missing or longer than 75 characters');
    } else if (typeof option.value !== 'string' || option.value.length > ELEMENT_LIMITS.optionValue) {
      problems.push('option value missing or longer than 150 characters');
    } else if (textOf(option.description).length > ELEMENT_LIMITS.optionText) {
      problems.push('option description longer than 75 characters');
    }
  }
  switch (element.type) {
    case 'radio_buttons':
    case 'checkboxes':
      if (options.length - (element.initial_option !== undefined ? 1 : 0) > 10) {
        problems.push('more than 10 options');
      }
      break;
    case 'static_select':
      if (Array.isArray(element.options) && element.options.length > 100) {
        problems.push('more than 100 options');
      }
      break;
    case 'plain_text_input': {
      const max = typeof element.max_length === 'number' ? element.max_length : 3000;
      if (max > 3000) {
        problems.push('max_length above 3000');
      }
      if (typeof element.initial_value === 'string' && element.initial_value.length > max) {
        problems.push('initial_value longer than max_length');
      }
      break;
    }
    case 'button':
      if (textOf(element.text).length > ELEMENT_LIMITS.buttonText) {
        problems.push('button text longer than 75 characters');
      }
      if (typeof element.value === 'string' && element.value.length > ELEMENT_LIMITS.buttonValue) {
        problems.push('button value longer than 2000 characters');
      }
      if (typeof element.url === 'string' && element.url.length > ELEMENT_LIMITS.url) {
        problems.push('button url longer than 3000 characters');
      }
      break;
    default:
      break;
  }
  return problems;
}
