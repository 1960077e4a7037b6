import type { BenchCase } from '../harness.ts';
import { elicenceCase } from './elicence.ts';
import { growthCase } from './growth.ts';
import { healthzCase } from './healthz.ts';
import { homeCase } from './home.ts';
import { loginCase, loginStormCase } from './login.ts';
import { registryImportCase } from './registry-import.ts';
import { scaleOutCase } from './scale-out.ts';
import { startupCase } from './startup.ts';
import { violationListCase } from './violation-list.ts';

/** Every case in the order they run (cases that need an empty registry go first whatever the order). A new case adds its file and one line here. */
export const CASES: BenchCase[] = [registryImportCase, healthzCase, loginCase, loginStormCase, startupCase, elicenceCase, homeCase, violationListCase, growthCase, scaleOutCase];
