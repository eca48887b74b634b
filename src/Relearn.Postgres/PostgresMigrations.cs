namespace Relearn.Postgres;

/// <summary>
/// Schema migrations, applied in order; a database records the highest one applied in <c>schema_migrations</c>.
/// Never edit a shipped step: add one. Step 1 is the SQLite store's schema as of its step 3, in PostgreSQL types
/// (times are Unix milliseconds in BIGINT; <c>rowid</c> columns keep SQLite's insertion-order tiebreaks; text is
/// <c>COLLATE "C"</c> so ordering and comparisons are by code point, as in SQLite, whatever the database's locale).
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>The advisory lock key migrations hold ("relearn" in ASCII), so concurrent starts apply them once.</summary>
    public const long LockKey = 0x72656c6561726e;

    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE experiments (
            id BIGSERIAL PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL UNIQUE,
            lifecycle_stage TEXT COLLATE "C" NOT NULL DEFAULT 'active',
            created_at BIGINT NOT NULL,
            last_update_time BIGINT
        );
        CREATE TABLE experiment_tags (
            experiment_id BIGINT NOT NULL REFERENCES experiments(id),
            key TEXT COLLATE "C" NOT NULL,
            value TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (experiment_id, key)
        );
        CREATE TABLE runs (
            run_id TEXT COLLATE "C" PRIMARY KEY,
            rowid BIGSERIAL NOT NULL,
            experiment_id BIGINT NOT NULL REFERENCES experiments(id),
            name TEXT COLLATE "C" NOT NULL,
            status TEXT COLLATE "C" NOT NULL,
            start_time BIGINT NOT NULL,
            end_time BIGINT,
            dataset_version TEXT COLLATE "C",
            parent_run_id TEXT COLLATE "C",
            lifecycle_stage TEXT COLLATE "C" NOT NULL DEFAULT 'active'
        );
        CREATE INDEX ix_runs_experiment ON runs(experiment_id, start_time);
        CREATE INDEX ix_runs_lifecycle ON runs(lifecycle_stage, start_time);
        CREATE TABLE params (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
            key TEXT COLLATE "C" NOT NULL,
            value TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        CREATE TABLE metrics (
            rowid BIGSERIAL PRIMARY KEY,
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
            key TEXT COLLATE "C" NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            step BIGINT NOT NULL,
            timestamp BIGINT NOT NULL
        );
        CREATE INDEX ix_metrics_run_key ON metrics(run_id, key, step, timestamp);
        CREATE TABLE tags (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
            key TEXT COLLATE "C" NOT NULL,
            value TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        CREATE TABLE run_artifacts (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
            path TEXT COLLATE "C" NOT NULL,
            digest TEXT COLLATE "C" NOT NULL,
            size BIGINT NOT NULL,
            PRIMARY KEY (run_id, path)
        );
        CREATE TABLE dataset_versions (
            name TEXT COLLATE "C" NOT NULL,
            version INTEGER NOT NULL,
            digest TEXT COLLATE "C" NOT NULL,
            row_count BIGINT NOT NULL,
            schema TEXT COLLATE "C" NOT NULL,
            source TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (name, version),
            UNIQUE (name, digest)
        );
        CREATE TABLE registered_models (
            name TEXT COLLATE "C" PRIMARY KEY,
            task TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            description TEXT COLLATE "C",
            last_updated BIGINT
        );
        CREATE TABLE model_versions (
            name TEXT COLLATE "C" NOT NULL REFERENCES registered_models(name),
            version INTEGER NOT NULL,
            run_id TEXT COLLATE "C" REFERENCES runs(run_id),
            model_digest TEXT COLLATE "C" NOT NULL,
            dataset_version TEXT COLLATE "C",
            task TEXT COLLATE "C" NOT NULL,
            metrics TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL,
            description TEXT COLLATE "C",
            source TEXT COLLATE "C",
            status TEXT COLLATE "C" NOT NULL DEFAULT 'READY',
            last_updated BIGINT,
            PRIMARY KEY (name, version)
        );
        CREATE INDEX ix_model_versions_run ON model_versions(run_id);
        CREATE TABLE model_aliases (
            name TEXT COLLATE "C" NOT NULL REFERENCES registered_models(name),
            alias TEXT COLLATE "C" NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (name, alias)
        );
        CREATE TABLE alias_audit (
            id BIGSERIAL PRIMARY KEY,
            name TEXT COLLATE "C" NOT NULL,
            alias TEXT COLLATE "C" NOT NULL,
            previous_version INTEGER,
            new_version INTEGER,
            action TEXT COLLATE "C" NOT NULL,
            actor TEXT COLLATE "C" NOT NULL,
            reason TEXT COLLATE "C",
            at BIGINT NOT NULL
        );
        CREATE INDEX ix_alias_audit ON alias_audit(name, alias, id);
        CREATE TABLE webhook_hooks (
            hook TEXT COLLATE "C" NOT NULL,
            url_hash TEXT COLLATE "C" NOT NULL,
            start_after_audit_id BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            PRIMARY KEY (hook, url_hash)
        );
        CREATE TABLE webhook_deliveries (
            id BIGSERIAL PRIMARY KEY,
            audit_id BIGINT NOT NULL REFERENCES alias_audit(id),
            hook TEXT COLLATE "C" NOT NULL,
            url_hash TEXT COLLATE "C" NOT NULL,
            attempt INTEGER NOT NULL,
            status_code INTEGER,
            error TEXT COLLATE "C",
            attempted_at BIGINT NOT NULL,
            delivered_at BIGINT,
            next_attempt_at BIGINT
        );
        CREATE INDEX ix_webhook_deliveries ON webhook_deliveries(hook, url_hash, audit_id);
        """,
        // 2: child runs carry MLflow's parent tag (the SQLite store's step 4), so search and the UI find a tuning run's trials; backfill older ones.
        """
        INSERT INTO tags (run_id, key, value)
        SELECT run_id, 'mlflow.parentRunId', parent_run_id FROM runs WHERE parent_run_id IS NOT NULL
        ON CONFLICT (run_id, key) DO NOTHING;
        """,
        // 3: run search over many runs, as the SQLite store's step 5: each run's latest value per metric key in
        // latest_metrics, indexed by (key, value), so a metric filter or order_by drives the search from the index. No
        // (key, value) index on params and tags here: their values may be 6,000-8,000 characters, past a B-tree
        // entry's limit (about 2,700 bytes), and an index that refuses long values would refuse the write.
        """
        CREATE TABLE latest_metrics (
            run_id TEXT COLLATE "C" NOT NULL REFERENCES runs(run_id),
            key TEXT COLLATE "C" NOT NULL,
            value DOUBLE PRECISION NOT NULL,
            step BIGINT NOT NULL,
            timestamp BIGINT NOT NULL,
            PRIMARY KEY (run_id, key)
        );
        INSERT INTO latest_metrics (run_id, key, value, step, timestamp)
            SELECT DISTINCT ON (run_id, key) run_id, key, value, step, timestamp
            FROM metrics ORDER BY run_id, key, step DESC, timestamp DESC, rowid DESC;
        CREATE INDEX ix_latest_metrics_key_value ON latest_metrics(key, value);
        """,
        // 4: registry tags (MLflow's registered-models/set-tag and model-versions/set-tag), as the SQLite store's step 6.
        """
        CREATE TABLE registered_model_tags (
            name TEXT COLLATE "C" NOT NULL REFERENCES registered_models(name),
            key TEXT COLLATE "C" NOT NULL,
            value TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (name, key)
        );
        CREATE TABLE model_version_tags (
            name TEXT COLLATE "C" NOT NULL,
            version INTEGER NOT NULL,
            key TEXT COLLATE "C" NOT NULL,
            value TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (name, version, key),
            FOREIGN KEY (name, version) REFERENCES model_versions(name, version)
        );
        """,
        // 5: durable pipeline runs: a run and every stage attempt, with leases so a dead owner's work is reclaimed.
        """
        CREATE TABLE pipeline_runs (
            id TEXT COLLATE "C" PRIMARY KEY,
            pipeline TEXT COLLATE "C" NOT NULL,
            definition_digest TEXT COLLATE "C" NOT NULL,
            project_folder TEXT COLLATE "C" NOT NULL,
            params TEXT COLLATE "C" NOT NULL,
            forced TEXT COLLATE "C" NOT NULL,
            state TEXT COLLATE "C" NOT NULL,
            trigger_name TEXT COLLATE "C" NOT NULL,
            error TEXT COLLATE "C",
            lease_owner TEXT COLLATE "C",
            lease_expires_at BIGINT,
            created_at BIGINT NOT NULL,
            ended_at BIGINT
        );
        CREATE INDEX ix_pipeline_runs ON pipeline_runs(pipeline, created_at);
        CREATE TABLE pipeline_stage_attempts (
            id BIGSERIAL PRIMARY KEY,
            run_id TEXT COLLATE "C" NOT NULL REFERENCES pipeline_runs(id),
            stage TEXT COLLATE "C" NOT NULL,
            attempt BIGINT NOT NULL,
            state TEXT COLLATE "C" NOT NULL,
            concurrency_tag TEXT COLLATE "C",
            lease_owner TEXT COLLATE "C",
            lease_expires_at BIGINT,
            heartbeat_at BIGINT,
            started_at BIGINT NOT NULL,
            ended_at BIGINT,
            fingerprint TEXT COLLATE "C",
            fingerprint_detail TEXT COLLATE "C",
            outputs TEXT COLLATE "C",
            metrics TEXT COLLATE "C",
            error TEXT COLLATE "C",
            log_digest TEXT COLLATE "C",
            cached_from_run TEXT COLLATE "C",
            UNIQUE (run_id, stage, attempt)
        );
        CREATE INDEX ix_stage_attempts_fingerprint ON pipeline_stage_attempts(fingerprint, state);
        CREATE INDEX ix_stage_attempts_leases ON pipeline_stage_attempts(state, concurrency_tag, lease_expires_at);
        """,
        // 6: studies whose trials run on workers (relearn worker): the shared trial history TPE samples from,
        // atomic trial numbers and per-trial leases on the database's clock.
        """
        CREATE TABLE tuning_studies (
            id BIGSERIAL PRIMARY KEY,
            objective TEXT COLLATE "C" NOT NULL,
            direction TEXT COLLATE "C" NOT NULL,
            trials INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            lease_ms BIGINT NOT NULL,
            payload TEXT COLLATE "C" NOT NULL,
            status TEXT COLLATE "C" NOT NULL,
            next_trial INTEGER NOT NULL DEFAULT 0,
            reclaims INTEGER NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE tuning_trials (
            study_id BIGINT NOT NULL REFERENCES tuning_studies(id),
            number INTEGER NOT NULL,
            state TEXT COLLATE "C",
            params TEXT COLLATE "C",
            value DOUBLE PRECISION,
            intermediate TEXT COLLATE "C" NOT NULL DEFAULT '{}',
            worker TEXT COLLATE "C" NOT NULL,
            run_id TEXT COLLATE "C",
            attempt INTEGER NOT NULL,
            started_at BIGINT NOT NULL,
            duration_ms BIGINT,
            error TEXT COLLATE "C",
            lease_until TIMESTAMPTZ,
            PRIMARY KEY (study_id, number)
        );
        """,
        // 7: schedule occurrences claimed by a scheduler, as the SQLite store's step 8.
        """
        CREATE TABLE pipeline_schedule_occurrences (
            pipeline TEXT COLLATE "C" NOT NULL,
            schedule TEXT COLLATE "C" NOT NULL,
            occurrence_at BIGINT NOT NULL,
            owner TEXT COLLATE "C" NOT NULL,
            claimed_at BIGINT NOT NULL,
            PRIMARY KEY (pipeline, schedule, occurrence_at)
        );
        """,
        // 8: predictions and their feedback labels, as the SQLite store's step 9.
        """
        CREATE TABLE predictions (
            prediction_id TEXT COLLATE "C" PRIMARY KEY,
            model TEXT COLLATE "C" NOT NULL,
            version INTEGER NOT NULL,
            created_at BIGINT NOT NULL,
            input TEXT COLLATE "C" NOT NULL,
            output TEXT COLLATE "C" NOT NULL
        );
        CREATE INDEX ix_predictions_model_time ON predictions(model, created_at);
        CREATE TABLE prediction_feedback (
            prediction_id TEXT COLLATE "C" PRIMARY KEY REFERENCES predictions(prediction_id),
            model TEXT COLLATE "C" NOT NULL,
            label TEXT COLLATE "C" NOT NULL,
            outcome TEXT COLLATE "C",
            text TEXT COLLATE "C",
            received_at BIGINT NOT NULL
        );
        CREATE INDEX ix_prediction_feedback_model ON prediction_feedback(model, received_at);
        """,
        // 9: staged rollouts and retraining claims, as the SQLite store's step 10.
        """
        CREATE TABLE rollouts (
            id BIGSERIAL PRIMARY KEY,
            model TEXT COLLATE "C" NOT NULL,
            champion INTEGER,
            challenger INTEGER NOT NULL,
            mode TEXT COLLATE "C" NOT NULL,
            share DOUBLE PRECISION NOT NULL,
            stage TEXT COLLATE "C" NOT NULL,
            settings TEXT COLLATE "C" NOT NULL,
            stats TEXT COLLATE "C" NOT NULL,
            evidence TEXT COLLATE "C",
            decision TEXT COLLATE "C",
            reason TEXT COLLATE "C",
            actor TEXT COLLATE "C" NOT NULL,
            started_at BIGINT NOT NULL,
            decided_at BIGINT
        );
        CREATE UNIQUE INDEX ux_rollouts_live ON rollouts(model) WHERE decided_at IS NULL;
        CREATE TABLE retrain_claims (
            model TEXT COLLATE "C" PRIMARY KEY,
            owner TEXT COLLATE "C" NOT NULL,
            trigger TEXT COLLATE "C" NOT NULL,
            claimed_at BIGINT NOT NULL,
            finished_at BIGINT,
            pipeline_run TEXT COLLATE "C",
            outcome TEXT COLLATE "C"
        );
        """,
    ];
}
