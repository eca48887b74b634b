namespace Relearn.Core.Metadata;

/// <summary>Schema migrations, applied in order; a database records the highest one applied. Never edit a shipped step: add one.</summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE experiments (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active',
            created_at INTEGER NOT NULL
        );
        CREATE TABLE runs (
            run_id TEXT PRIMARY KEY,
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            start_time INTEGER NOT NULL,
            end_time INTEGER,
            dataset_version TEXT,
            parent_run_id TEXT,
            lifecycle_stage TEXT NOT NULL DEFAULT 'active'
        );
        CREATE INDEX ix_runs_experiment ON runs(experiment_id, start_time);
        CREATE TABLE params (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        CREATE TABLE metrics (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL,
            value REAL NOT NULL,
            step INTEGER NOT NULL,
            timestamp INTEGER NOT NULL
        );
        CREATE INDEX ix_metrics_run_key ON metrics(run_id, key, step, timestamp);
        CREATE TABLE tags (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        CREATE TABLE run_artifacts (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            path TEXT NOT NULL,
            digest TEXT NOT NULL,
            size INTEGER NOT NULL,
            PRIMARY KEY (run_id, path)
        );
        CREATE TABLE dataset_versions (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            digest TEXT NOT NULL,
            row_count INTEGER NOT NULL,
            schema TEXT NOT NULL,
            source TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (name, version),
            UNIQUE (name, digest)
        );
        CREATE TABLE registered_models (
            name TEXT PRIMARY KEY,
            task TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE model_versions (
            name TEXT NOT NULL REFERENCES registered_models(name),
            version INTEGER NOT NULL,
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            model_digest TEXT NOT NULL,
            dataset_version TEXT,
            task TEXT NOT NULL,
            metrics TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (name, version)
        );
        CREATE TABLE model_aliases (
            name TEXT NOT NULL REFERENCES registered_models(name),
            alias TEXT NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (name, alias)
        );
        CREATE TABLE alias_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            alias TEXT NOT NULL,
            previous_version INTEGER,
            new_version INTEGER,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            reason TEXT,
            at INTEGER NOT NULL
        );
        CREATE INDEX ix_alias_audit ON alias_audit(name, alias, id);
        """,
        // 2: what the MLflow-compatible API needs: experiment tags and update times, model and version descriptions,
        // and versions registered by outside clients from a source URI (no Relearn run, so run_id becomes nullable;
        // SQLite cannot drop NOT NULL in place, hence the table rebuild).
        """
        CREATE TABLE experiment_tags (
            experiment_id INTEGER NOT NULL REFERENCES experiments(id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (experiment_id, key)
        );
        ALTER TABLE experiments ADD COLUMN last_update_time INTEGER;
        ALTER TABLE registered_models ADD COLUMN description TEXT;
        ALTER TABLE registered_models ADD COLUMN last_updated INTEGER;
        CREATE TABLE model_versions_v2 (
            name TEXT NOT NULL REFERENCES registered_models(name),
            version INTEGER NOT NULL,
            run_id TEXT REFERENCES runs(run_id),
            model_digest TEXT NOT NULL,
            dataset_version TEXT,
            task TEXT NOT NULL,
            metrics TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            description TEXT,
            source TEXT,
            status TEXT NOT NULL DEFAULT 'READY',
            last_updated INTEGER,
            PRIMARY KEY (name, version)
        );
        INSERT INTO model_versions_v2 (name, version, run_id, model_digest, dataset_version, task, metrics, created_at)
            SELECT name, version, run_id, model_digest, dataset_version, task, metrics, created_at FROM model_versions;
        DROP TABLE model_versions;
        ALTER TABLE model_versions_v2 RENAME TO model_versions;
        CREATE INDEX ix_model_versions_run ON model_versions(run_id);
        CREATE INDEX ix_runs_lifecycle ON runs(lifecycle_stage, start_time);
        """,
        // 3: promotion webhooks: alias_audit is the outbox; a hook only gets entries after its start watermark.
        """
        CREATE TABLE webhook_hooks (
            hook TEXT NOT NULL,
            url_hash TEXT NOT NULL,
            start_after_audit_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (hook, url_hash)
        );
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            audit_id INTEGER NOT NULL REFERENCES alias_audit(id),
            hook TEXT NOT NULL,
            url_hash TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            status_code INTEGER,
            error TEXT,
            attempted_at INTEGER NOT NULL,
            delivered_at INTEGER,
            next_attempt_at INTEGER
        );
        CREATE INDEX ix_webhook_deliveries ON webhook_deliveries(hook, url_hash, audit_id);
        """,
        // 4: child runs carry MLflow's parent tag, so search and the UI find a tuning run's trials; backfill older ones.
        """
        INSERT INTO tags (run_id, key, value)
        SELECT run_id, 'mlflow.parentRunId', parent_run_id FROM runs WHERE parent_run_id IS NOT NULL
        ON CONFLICT (run_id, key) DO NOTHING;
        """,
        // 5: run search over many runs (issue 4 benchmark: 222 ms -> see docs/benchmarks.md at 100,000 runs). Each run's
        // latest value per metric key is kept in latest_metrics, so a metric filter or order_by is a join driven by the
        // (key, value) index instead of a correlated subquery evaluated for every run; params and tags get the same index.
        """
        CREATE TABLE latest_metrics (
            run_id TEXT NOT NULL REFERENCES runs(run_id),
            key TEXT NOT NULL,
            value REAL NOT NULL,
            step INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        INSERT INTO latest_metrics (run_id, key, value, step, timestamp)
            SELECT run_id, key, value, step, timestamp FROM (
                SELECT run_id, key, value, step, timestamp,
                       ROW_NUMBER() OVER (PARTITION BY run_id, key ORDER BY step DESC, timestamp DESC, rowid DESC) AS n
                FROM metrics)
            WHERE n = 1;
        CREATE INDEX ix_latest_metrics_key_value ON latest_metrics(key, value);
        CREATE INDEX ix_params_key_value ON params(key, value);
        CREATE INDEX ix_tags_key_value ON tags(key, value);
        """,
        // 6: registry tags (MLflow's registered-models/set-tag and model-versions/set-tag).
        """
        CREATE TABLE registered_model_tags (
            name TEXT NOT NULL REFERENCES registered_models(name),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, key)
        );
        CREATE TABLE model_version_tags (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (name, version, key),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version)
        );
        """,
        // 7: durable pipeline runs: a run and every stage attempt, with leases so a dead owner's work is reclaimed.
        """
        CREATE TABLE pipeline_runs (
            id TEXT PRIMARY KEY,
            pipeline TEXT NOT NULL,
            definition_digest TEXT NOT NULL,
            project_folder TEXT NOT NULL,
            params TEXT NOT NULL,
            forced TEXT NOT NULL,
            state TEXT NOT NULL,
            trigger_name TEXT NOT NULL,
            error TEXT,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            created_at INTEGER NOT NULL,
            ended_at INTEGER
        );
        CREATE INDEX ix_pipeline_runs ON pipeline_runs(pipeline, created_at);
        CREATE TABLE pipeline_stage_attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id TEXT NOT NULL REFERENCES pipeline_runs(id),
            stage TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            state TEXT NOT NULL,
            concurrency_tag TEXT,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            heartbeat_at INTEGER,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            fingerprint TEXT,
            fingerprint_detail TEXT,
            outputs TEXT,
            metrics TEXT,
            error TEXT,
            log_digest TEXT,
            cached_from_run TEXT,
            UNIQUE (run_id, stage, attempt)
        );
        CREATE INDEX ix_stage_attempts_fingerprint ON pipeline_stage_attempts(fingerprint, state);
        CREATE INDEX ix_stage_attempts_leases ON pipeline_stage_attempts(state, concurrency_tag, lease_expires_at);
        """,
        // 8: schedule occurrences claimed by a scheduler: the primary key makes each occurrence start once across processes.
        """
        CREATE TABLE pipeline_schedule_occurrences (
            pipeline TEXT NOT NULL,
            schedule TEXT NOT NULL,
            occurrence_at INTEGER NOT NULL,
            owner TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            PRIMARY KEY (pipeline, schedule, occurrence_at)
        );
        """,
        // 9: predictions and the labels that arrive for them later (issue 9), so every replica sees all of them.
        """
        CREATE TABLE predictions (
            prediction_id TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            input TEXT NOT NULL,
            output TEXT NOT NULL
        );
        CREATE INDEX ix_predictions_model_time ON predictions(model, created_at);
        CREATE TABLE prediction_feedback (
            prediction_id TEXT PRIMARY KEY REFERENCES predictions(prediction_id),
            model TEXT NOT NULL,
            label TEXT NOT NULL,
            outcome TEXT,
            text TEXT,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX ix_prediction_feedback_model ON prediction_feedback(model, received_at);
        """,
        // 10: staged rollouts (issue 10): one live rollout per model (the partial unique index), its gate settings, the
        // request counters both sides' replicas add to, and the decision with its evidence; retraining claims, one per model.
        """
        CREATE TABLE rollouts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model TEXT NOT NULL,
            champion INTEGER,
            challenger INTEGER NOT NULL,
            mode TEXT NOT NULL,
            share REAL NOT NULL,
            stage TEXT NOT NULL,
            settings TEXT NOT NULL,
            stats TEXT NOT NULL,
            evidence TEXT,
            decision TEXT,
            reason TEXT,
            actor TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            decided_at INTEGER
        );
        CREATE UNIQUE INDEX ux_rollouts_live ON rollouts(model) WHERE decided_at IS NULL;
        CREATE TABLE retrain_claims (
            model TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            trigger TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            finished_at INTEGER,
            pipeline_run TEXT,
            outcome TEXT
        );
        """,
    ];
}
