// The commands of the money engine, one file per command (group).
import type { Command } from 'commander';
import type { Io } from '../main.ts';
import { registerInit } from './init.ts';
import { registerBudget } from './budget.ts';
import { registerAllocate } from './allocate.ts';
import { registerKeys } from './keys.ts';
import { registerListings } from './listings.ts';
import { registerAdjust } from './adjust.ts';
import { registerSettle } from './settle.ts';
import { registerLedger } from './ledger.ts';
import { registerProviders } from './providers.ts';

export function registerMoneyCommands(program: Command, io: Io): void {
  registerInit(program, io);
  registerBudget(program, io);
  registerAllocate(program, io);
  registerKeys(program, io);
  registerListings(program, io);
  registerAdjust(program, io);
  registerSettle(program, io);
  registerLedger(program, io);
  registerProviders(program, io);
}
