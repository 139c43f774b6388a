// Owns the list of every chat action and text command; each slice contributes its own table here.
import type { ActionHandler, TextCommand } from './types.ts';

export const actionHandlers: Record<string, ActionHandler> = {};

export const textCommands: TextCommand[] = [];
