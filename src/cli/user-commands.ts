// `users`: accounts of the web application and API [issue 13 "Accounts and sign-in"]. Whoever runs the
// CLI has the database, so the CLI acts as the region's administrator ($JEUGDREGIE_USER is recorded
// in the audit log). A one-time password or a token is printed alone on the last line.
import type { Command } from 'commander';
import { addAccount, disableAccount, issueToken, listAccounts, tokensOf } from '../app/accounts.ts';
import { operator } from '../domain/access/viewer.ts';
import { readSettings } from '../config/settings.ts';
import type { Io } from './main.ts';
import { parseFormat, renderRows } from './output.ts';
import { withWorkspace } from './workspace.ts';

export function registerUserCommands(program: Command, io: Io): void {
  const users = program.command('users').description('accounts for the web application and the API (sign-in, roles, API tokens)');
  const me = () => operator(readSettings().actor);

  users
    .command('add <login>')
    .description('add an account; prints a one-time initial password on the last line (to be changed at the first sign-in)')
    .requiredOption('--role <role>', 'region, municipality, provider or council')
    .option('--municipality <code>', 'with municipality and council: the CBS code of the municipality (0363)')
    .option('--provider <code>', 'with provider: the provider code in the registry (DEMO01)')
    .action(async (login: string, opts: { role: string; municipality?: string; provider?: string }) => {
      const { account, password } = await withWorkspace((ws) => addAccount(me(), ws, { login, role: opts.role, municipality: opts.municipality, provider: opts.provider }));
      const scope = account.municipality ? ` ${account.municipality}` : account.provider ? ` ${account.provider}` : "";
      io.out(`Added ${account.login} (${account.role}${scope}). Initial password, shown once; it must be changed at the first sign-in:\n${password}\n`);
    });

  users
    .command('token <login>')
    .description('issue a new API token for an account (for machines: Authorization: Bearer <token>); printed once, on the last line')
    .option('--label <text>', 'what the token is for, shown in lists', '')
    .action(async (login: string, opts: { label: string }) => {
      const { token, id } = await withWorkspace((ws) => issueToken(me(), ws, login, opts.label));
      io.out(`API token ${id} for ${login.trim().toLowerCase()}, shown once (stored only as a hash; revoke by disabling the account or in the web application):\n${token}\n`);
    });

  users
    .command('list')
    .description('list the accounts')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const rows = await withWorkspace((ws) => listAccounts(me(), ws));
      io.out(
        renderRows(
          [
            { key: 'login', label: 'gebruiker' },
            { key: 'role', label: 'rol' },
            { key: 'municipality', label: 'gemeente' },
            { key: 'provider', label: 'aanbieder' },
            { key: 'sign_in', label: 'aanmelden met' },
            { key: 'status', label: 'status' },
            { key: 'created_at', label: 'aangemaakt' },
          ],
          rows.map((r) => ({
            login: r.login,
            role: r.role,
            municipality: r.municipality,
            provider: r.provider,
            sign_in: r.signIn,
            status: r.disabledAt ? 'disabled' : 'active',
            created_at: r.createdAt.slice(0, 19).replace('T', ' '),
          })),
          format,
        ),
      );
    });

  users
    .command('tokens <login>')
    .description("list an account's API tokens (never the tokens themselves)")
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (login: string, opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const rows = await withWorkspace((ws) => tokensOf(me(), ws, login));
      io.out(
        renderRows(
          [
            { key: 'id', label: 'nr' },
            { key: 'prefix', label: 'begint met' },
            { key: 'label', label: 'omschrijving' },
            { key: 'created_at', label: 'aangemaakt' },
            { key: 'last_used_at', label: 'laatst gebruikt' },
            { key: 'status', label: 'status' },
          ],
          rows.map((r) => ({ id: r.id, prefix: r.prefix, label: r.label, created_at: r.createdAt, last_used_at: r.lastUsedAt, status: r.revokedAt ? 'revoked' : 'active' })),
          format,
        ),
      );
    });

  users
    .command('disable <login>')
    .description('disable an account: its sessions end and its API tokens are revoked at once')
    .action(async (login: string) => {
      await withWorkspace((ws) => disableAccount(me(), ws, login));
      io.out(`Disabled ${login.trim().toLowerCase()}; its sessions ended and its API tokens are revoked.\n`);
    });
}
