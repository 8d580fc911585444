/**
 * Slack's documented limits on a message, checked the way the Web API checks them: a violation is
 * `ok:false` with the error Slack gives, never a silently truncated message. The numbers are from
 * docs.slack.dev (Block Kit reference, chat.postMessage); the total-text rule stands for Slack's
 * undocumented `msg_blocks_too_long`, at the 13,000 characters SPEC 5 names.
 */
export const slackLimits = {
  textChars: 40_000,
  blocks: 50,
  sectionTextChars: 3000,
  sectionFields: 10,
  sectionFieldChars: 2000,
  headerChars: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonTextChars: 75,
  buttonValueChars: 2000,
  idChars: 255,
  totalBlockTextChars: 13_000,
} as const;

export type LimitError = 'invalid_blocks' | 'msg_too_long' | 'msg_blocks_too_long' | 'no_text';

/** The error Slack answers for this message, or undefined when Slack would accept it. */
export function checkMessage(text: unknown, blocks: unknown): { error: LimitError; why: string } | undefined {
  if (typeof text === 'string' && text.length > slackLimits.textChars) {
    return { error: 'msg_too_long', why: `text has ${text.length} characters` };
  }
  if (blocks === undefined) {
    return typeof text === 'string' && text.length > 0
      ? undefined
      : { error: 'no_text', why: 'no text, no blocks' };
  }
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks', why: 'blocks is not an array' };
  if (blocks.length > slackLimits.blocks) {
    return { error: 'invalid_blocks', why: `${blocks.length} blocks, more than ${slackLimits.blocks}` };
  }
  let total = 0;
  for (const [index, block] of blocks.entries()) {
    const problem = checkBlock(block);
    if (problem) return { error: 'invalid_blocks', why: `block ${index}: ${problem}` };
    total += textLength(block);
  }
  if (total > slackLimits.totalBlockTextChars) {
    return { error: 'msg_blocks_too_long', why: `blocks hold ${total} characters of text` };
  }
  return undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTextObject(value: unknown, max: number, plainOnly = false): string | undefined {
  if (!isObject(value)) return 'text object missing';
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn'))
    return `text type ${String(value.type)}`;
  if (typeof value.text !== 'string' || value.text.length === 0) return 'empty text';
  if (value.text.length > max) return `text of ${value.text.length} characters, more than ${max}`;
  return undefined;
}

function checkBlock(block: unknown): string | undefined {
  if (!isObject(block)) return 'not an object';
  if (typeof block.block_id === 'string' && block.block_id.length > slackLimits.idChars)
    return 'block_id too long';
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) return 'section without text or fields';
      if (block.text !== undefined) {
        const problem = checkTextObject(block.text, slackLimits.sectionTextChars);
        if (problem) return problem;
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length > slackLimits.sectionFields)
          return 'too many fields';
        for (const field of block.fields) {
          const problem = checkTextObject(field, slackLimits.sectionFieldChars);
          if (problem) return problem;
        }
      }
      if (block.accessory !== undefined) return checkElement(block.accessory);
      return undefined;
    }
    case 'header':
      return checkTextObject(block.text, slackLimits.headerChars, true);
    case 'context': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return 'context without elements';
      if (block.elements.length > slackLimits.contextElements) return 'too many context elements';
      for (const element of block.elements) {
        const problem = checkTextObject(element, slackLimits.sectionTextChars);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'actions': {
      if (!Array.isArray(block.elements) || block.elements.length === 0) return 'actions without elements';
      if (block.elements.length > slackLimits.actionsElements) return 'too many actions';
      for (const element of block.elements) {
        const problem = checkElement(element);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'divider':
      return undefined;
    default:
      return `unsupported block type ${String(block.type)}`;
  }
}

function checkElement(element: unknown): string | undefined {
  if (!isObject(element)) return 'element is not an object';
  if (element.type !== 'button') return `unsupported element ${String(element.type)}`;
  const problem = checkTextObject(element.text, slackLimits.buttonTextChars, true);
  if (problem) return `button: ${problem}`;
  if (typeof element.action_id === 'string' && element.action_id.length > slackLimits.idChars)
    return 'action_id too long';
  if (typeof element.value === 'string' && element.value.length > slackLimits.buttonValueChars)
    return 'value too long';
  if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
    return 'bad style';
  return undefined;
}

function textLength(value: unknown): number {
  if (typeof value === 'string') return 0;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + textLength(item), 0);
  if (!isObject(value)) return 0;
  let sum = typeof value.text === 'string' ? value.text.length : 0;
  for (const [key, child] of Object.entries(value)) {
    if (key !== 'text' || typeof child !== 'string') sum += textLength(child);
  }
  return sum;
}
