/**
 * The operator CLI: `npm run jiaoguan -- <command>` or the `jiaoguan` bin. Each command builds
 * the same app the server runs (configuration from the environment, migrations applied, no
 * background workers), does its work through the feature services, and closes it.
 */
import { createReadStream, statSync } from 'node:fs';
import { ndjsonLines } from '../server/features/registry/ndjson-lines.ts';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import { isProblem, type Problem } from '../server/platform/problems.ts';
import { problemNamespace, translator } from '../server/platform/i18n.ts';
import { importRegistry } from '../server/features/registry/service.ts';
import { createStaffUser, normaliseUsername, STAFF_ROLES, type StaffRole } from '../server/features/staff/service.ts';
import { DEFAULT_LANGUAGE, matchLanguage, type Language } from '../i18n/languages.ts';
import { DemoRefusedError, seedDemo } from './demo.ts';

/** Exit codes: 1 some lines rejected or the command failed, 2 the whole input refused. */
const EXIT_REJECTED = 1;
const EXIT_REFUSED = 2;

/** The operator's language: JIAOGUAN_LANG, else the locale (`en_US.UTF-8` → en), else zh-CN. */
function cliLanguage(env = process.env): Language {
  for (const v of [env.JIAOGUAN_LANG, env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const lang = matchLanguage(v?.split('.')[0]?.replace(/_/g, '-'));
    if (lang) return lang;
  }
  return DEFAULT_LANGUAGE;
}

const lang = cliLanguage();
const t = translator(lang);

function problemText(p: Problem): string {
  const ns = problemNamespace(p.code);
  if (!ns) return p.code;
  const params = { ...p.options.params };
  return `${t(`${ns}:${p.code}.title`, params)}: ${t(`${ns}:${p.code}.detail`, params)}`;
}

async function withApp<T>(fn: (app: FastifyInstance) => Promise<T>): Promise<T> {
  const app = await buildApp({ config: loadConfig(), logger: false, startWorkers: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

async function registryImport(file: string): Promise<number> {
  const fromStdin = file === '-';
  let total: number | undefined;
  if (!fromStdin) {
    try {
      total = statSync(file).size;
    } catch {
      console.error(t('registry:cli.fileNotFound', { file }));
      return EXIT_REJECTED;
    }
  }
  return withApp(async (app) => {
    const input = fromStdin ? process.stdin : createReadStream(file);
    const lines = ndjsonLines(input);
    // A bar only on a terminal: in a pipe or a log file it would be noise.
    const showBar = Boolean(process.stderr.isTTY);
    const bars = showBar ? new cliProgress.MultiBar({ hideCursor: true, clearOnComplete: false, etaBuffer: 50 }, cliProgress.Presets.shades_classic) : undefined;
    const bar = bars?.create(
      total ?? 0,
      0,
      {},
      total !== undefined
        ? { format: `${t('registry:cli.importing')} [{bar}] {percentage}% | {done} / {size} | {lines} lines | ETA {eta_formatted}` }
        : { format: `${t('registry:cli.importing')} {lines} lines` },
    );
    const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
    const started = process.hrtime.bigint();
    const print = (text: string) => (bars ? bars.log(`${text}\n`) : console.log(text));
    try {
      const result = await importRegistry(app.ctx, lines, {
        lang,
        onRejected: (e) => print(t('registry:cli.rejectedLine', { line: e.line, reason: e.reason })),
        onProgress: ({ lines: n }) => {
          const done = fromStdin ? n : (input as ReturnType<typeof createReadStream>).bytesRead;
          bar?.update(done, { lines: n, done: mib(done), size: mib(total ?? 0) });
        },
      });
      if (bar && total !== undefined) bar.update(total, { lines: result.lines, done: mib(total), size: mib(total) });
      bars?.stop();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(
        t('registry:cli.summary', {
          lines: result.lines,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          rejected: result.rejected,
          seconds: seconds.toFixed(1),
          rate: Math.round(result.lines / Math.max(seconds, 0.001)),
        }),
      );
      await app.ctx.audit.record(app.ctx.db, {
        actor: { type: 'system', name: 'cli' },
        action: 'registry.imported',
        detail: { created: result.created, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected, lines: result.lines },
      });
      return result.rejected > 0 ? EXIT_REJECTED : 0;
    } catch (e) {
      bars?.stop();
      if (isProblem(e) && e.code === 'registry_not_ndjson') {
        console.error(t('registry:cli.refused', { reason: problemText(e) }));
        return EXIT_REFUSED;
      }
      throw e;
    }
  });
}

function parseRole(value: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`one of ${STAFF_ROLES.join(', ')}`);
  return value as StaffRole;
}

async function staffCreate(opts: { username: string; role: StaffRole; displayName?: string }): Promise<number> {
  return withApp(async (app) => {
    const { password } = await createStaffUser(
      app.ctx,
      { username: opts.username, role: opts.role, ...(opts.displayName ? { displayName: opts.displayName } : {}) },
      { actor: { type: 'system', name: 'cli' } },
    );
    // Exactly these two lines (API.md): scripts read them. The password is shown once, never stored.
    process.stdout.write(`username: ${normaliseUsername(opts.username)}\npassword: ${password}\n`);
    return 0;
  });
}

async function demoSeed(): Promise<number> {
  return withApp(async (app) => {
    const { registry, staff } = await seedDemo(app.ctx);
    for (const e of registry.errors) console.log(t('registry:cli.rejectedLine', { line: e.line, reason: e.reason }));
    console.log(
      t('registry:cli.demoSeeded', {
        created: registry.created,
        updated: registry.updated,
        unchanged: registry.unchanged,
        rejected: registry.rejected,
        staff: staff.map((s) => t(s.created ? 'registry:cli.demoStaffCreated' : 'registry:cli.demoStaffExisting', { username: s.username })).join(', '),
      }),
    );
    return registry.rejected > 0 ? EXIT_REJECTED : 0;
  });
}

export function buildProgram(): Command {
  const program = new Command('jiaoguan').description('Jiaoguan operator commands. Configuration comes from the environment (docs/operator-guide.md).');
  program.showHelpAfterError();

  program
    .command('migrate')
    .description('apply the database migrations')
    .action(async () => {
      await withApp(async (app) => {
        console.log(t('registry:cli.migrated', { kind: app.ctx.database.kind }));
      });
    });

  const registry = program.command('registry').description('the authority registry');
  registry
    .command('import')
    .description('import an NDJSON registry file (or - for standard input); exit code 1 if a line was rejected, 2 if the file was refused')
    .argument('<file>', 'NDJSON file, or - for standard input')
    .action(async (file: string) => {
      process.exitCode = await registryImport(file);
    });

  const staff = program.command('staff').description('staff accounts');
  staff
    .command('create')
    .description('create a staff account with a generated password (changed at first login)')
    .requiredOption('--username <username>', 'login name (letters, digits, . _ -)')
    .requiredOption('--role <role>', `one of ${STAFF_ROLES.join(', ')}`, parseRole)
    .option('--display-name <name>', 'name shown in the console')
    .action(async (opts: { username: string; role: StaffRole; displayName?: string }) => {
      process.exitCode = await staffCreate(opts);
    });

  const demo = program.command('demo').description('demo data');
  demo
    .command('seed')
    .description('load demo/registry.ndjson and the demo staff (idempotent; refused in production)')
    .action(async () => {
      process.exitCode = await demoSeed();
    });
  program.command('keys').description('e-licence signing keys').command('rotate').description('make a new signing key current; the old one stays in the JWKS for 24 hours').action(async () => { process.exitCode = await (await import('./keys.ts')).keysRotateCommand(withApp, lang); });
  program.command('bench').description('benchmark data (docs/performance.md)').command('seed').description('fill an empty registry with generated scale data through COPY: --drivers N --violations M [--vehicles V] [--seed S]').helpOption(false).allowUnknownOption().allowExcessArguments().action(async (_opts: unknown, cmd: Command) => { process.exitCode = await (await import('./bench-seed.ts')).benchSeedCommand(cmd.args, withApp); });
  return program;
}

async function main(argv: string[]) {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof ConfigError) console.error(e.message);
    else if (e instanceof DemoRefusedError) console.error(t('registry:cli.demoRefusedInProduction'));
    else if (isProblem(e)) console.error(t('registry:cli.failed', { message: problemText(e) }));
    else console.error(t('registry:cli.failed', { message: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
    process.exitCode = EXIT_REJECTED;
  }
}

await main(process.argv);
