// Reusable pieces of the dev stack, for the e2e harness and the benchmarks.
'use strict';
module.exports = {
  ...require('./stack'),
  ...require('./apps'),
  ...require('./postgres'),
  ...require('./nats'),
  ...require('./net'),
  ...require('./processes'),
};
