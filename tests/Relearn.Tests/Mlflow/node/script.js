// Drives a relearn server's MLflow API with the npm "mlflow" client (2.0.7, written by nobody on this project).
// Usage: node script.js http://127.0.0.1:PORT
// The client console.logs every POST body, so the result is the one line starting with "RESULT ".
'use strict';
const MLflow = require('mlflow').default || require('mlflow');

async function main(endpoint) {
  const mlflow = new MLflow({ endpoint });
  const experiments = mlflow.Experiments;
  const runs = mlflow.Runs;
  const name = `npm-client-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

  const { experiment_id } = await experiments.create({ name });
  await experiments.setExperimentTag({ experiment_id, key: 'client', value: 'npm-mlflow' });
  const { experiment } = await experiments.get({ experiment_id });
  const listed = await experiments.list({});

  const { run } = await runs.create({ experiment_id, start_time: Date.now(), tags: [{ key: 'source', value: 'node' }] });
  const run_id = run.info.run_id;
  await runs.logParameter({ run_id, key: 'lr', value: '0.01' });
  await runs.setTag({ run_id, key: 'stage', value: 'test' });
  for (let step = 0; step < 3; step++) {
    await runs.logMetric({ run_id, key: 'loss', value: 1 / (step + 1), timestamp: Date.now(), step });
  }
  await runs.logBatch({
    run_id,
    metrics: [{ key: 'auc', value: 0.91, timestamp: Date.now(), step: 0 }],
    params: [{ key: 'epochs', value: '3' }],
    tags: [{ key: 'stage', value: 'done' }],
  });
  await runs.update({ run_id, status: 'FINISHED', end_time: Date.now() });

  const found = await runs.search({ experiment_ids: [experiment_id], filter: "metrics.auc > 0.9 AND params.lr = '0.01'", order_by: ['metrics.auc DESC'] });
  const history = await mlflow.Metrics.getHistory({ run_id, metric_key: 'loss' });
  const got = await runs.get({ run_id });

  let badFilter;
  try {
    await runs.search({ experiment_ids: [experiment_id], filter: 'metrics.auc >' });
  } catch (e) {
    badFilter = JSON.parse(e.message.replace(/^Error: /, ''));
  }

  return {
    experiment_id,
    experiment_name: experiment.name,
    experiment_tags: experiment.tags,
    listed: listed.experiments.some(e => e.experiment_id === experiment_id),
    run_id,
    found: found.runs.map(r => r.info.run_id),
    history: history.metrics.map(m => ({ step: Number(m.step), value: m.value })),
    status: got.run.info.status,
    params: got.run.data.params,
    tags: got.run.data.tags,
    bad_filter: badFilter,
  };
}

main(process.argv[2])
  .then(result => { process.stdout.write('RESULT ' + JSON.stringify(result) + '\n'); })
  .catch(error => { process.stderr.write(String(error && error.stack || error) + '\n'); process.exit(1); });
