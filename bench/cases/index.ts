import type { BenchCase } from '../harness.ts';
import { elicenceCase } from './elicence.ts';
import { healthzCase } from './healthz.ts';
import { loginCase, loginStormCase } from './login.ts';
import { registryImportCase } from './registry-import.ts';
import { scaleOutCase } from './scale-out.ts';
import { startupCase } from './startup.ts';

/** Every case in the order they run (cases that need an empty registry go first whatever the order). A new case adds its file and one line here. */
export const CASES: BenchCase[] = [registryImportCase, healthzCase, loginCase, loginStormCase, startupCase, elicenceCase, scaleOutCase];
