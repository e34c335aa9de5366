// Jest reporter that appends this run's counts to $FLEET_TEST_SUMMARY_FILE (one JSON line per
// Jest process), so tools/test/run-tests.mjs can print one total for every project and tier.
'use strict';
const { appendFileSync } = require('node:fs');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const file = process.env.FLEET_TEST_SUMMARY_FILE;
    if (!file) return;
    const line = {
      rootDir: this.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites + (results.numRuntimeErrorTestSuites || 0),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}

module.exports = SummaryReporter;
