import { afterAll, beforeAll } from 'vitest';
import { useTestTable } from '../../support/dynamodb.js';
import { TeamsHarness } from '../../support/teams/teams-harness.js';
import { SCENARIO_ENV } from '../scenarios/chat-platform-driver.js';
import { threadMemoryScenario } from '../scenarios/thread-memory.scenario.js';
import { teamsScenarioDriver } from './teams-scenario-driver.js';

const table = useTestTable('e2e-teams-scenario');
let teams: TeamsHarness | undefined;

beforeAll(async () => {
  teams = await TeamsHarness.start(table, { env: SCENARIO_ENV });
});

afterAll(async () => {
  await teams?.stop();
});

threadMemoryScenario(
  'Teams',
  teamsScenarioDriver(() => {
    if (teams === undefined) {
      throw new Error('the Teams harness starts before the scenario runs');
    }
    return teams;
  }),
);
