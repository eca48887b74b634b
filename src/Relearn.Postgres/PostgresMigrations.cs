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
        // Step 2: studies whose trials run on workers (relearn worker): the shared trial history TPE samples from,
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
    ];
}
