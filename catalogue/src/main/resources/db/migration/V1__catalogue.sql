-- The NFV Repository's catalogue (docs/catalogue.md). Base tables hold what the portal and the chain indexer
-- write; `listing` is derived from them by triggers, one row per package, so that every search is one query on
-- one table.

-- A VNF or a network service: one row per (kind, provider, product, version); versions of a product coexist.
CREATE TABLE descriptor (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     text NOT NULL CHECK (kind IN ('VNF', 'NS')),
    provider text NOT NULL,
    product  text NOT NULL,
    version  text NOT NULL,
    CONSTRAINT descriptor_identity UNIQUE (kind, provider, product, version)
);

CREATE TABLE package (
    digest             text PRIMARY KEY CHECK (digest ~ '^[0-9a-f]{64}$'),
    -- One package per descriptor: another digest for the same (kind, provider, product, version) is a conflict.
    descriptor_ref     bigint NOT NULL UNIQUE REFERENCES descriptor (id),
    size_bytes         bigint NOT NULL CHECK (size_bytes >= 0),
    dialect            text NOT NULL,
    descriptor_id      text NOT NULL,
    descriptor_version text NOT NULL,
    software_version   text,
    description        text,
    vcpu_millis        bigint NOT NULL CHECK (vcpu_millis >= 0),
    memory_mib         bigint NOT NULL CHECK (memory_mib >= 0),
    disk_mib           bigint NOT NULL CHECK (disk_mib >= 0),
    -- For full-text search: the names a descriptor's dialect keeps in different places of its document.
    vdu_names          text[] NOT NULL,
    image_names        text[] NOT NULL,
    -- The document for queries (jsonb, keys reordered) and as written (keys in file order, what entry() returns).
    document           jsonb NOT NULL,
    document_text      text NOT NULL,
    onboarded_at       timestamptz NOT NULL
);

CREATE TABLE offer (
    digest               text PRIMARY KEY REFERENCES package (digest),
    provider_account     text NOT NULL,
    function_type        text NOT NULL,
    price_per_second_wei numeric(78, 0) NOT NULL CHECK (price_per_second_wei >= 0),
    cid                  text NOT NULL,
    status               text NOT NULL CHECK (status IN ('ADVERTISED', 'ACCEPTED', 'REJECTED', 'RETIRED')),
    status_block         bigint NOT NULL CHECK (status_block >= 0),
    status_at            timestamptz NOT NULL,
    reputation           double precision CHECK (reputation BETWEEN 0 AND 1),
    sessions             bigint NOT NULL DEFAULT 0 CHECK (sessions >= 0),
    reputation_block     bigint CHECK (reputation_block >= 0),
    reputation_at        timestamptz,
    advertised_block     bigint NOT NULL CHECK (advertised_block >= 0),
    advertised_at        timestamptz NOT NULL
);

CREATE TABLE licence (
    id                text PRIMARY KEY,
    digest            text NOT NULL REFERENCES package (digest),
    customer          text NOT NULL,
    type              text NOT NULL CHECK (type IN ('PUBLIC', 'TRIAL', 'PRIVATE')),
    payment_reference text NOT NULL,
    paid_wei          numeric(78, 0) NOT NULL CHECK (paid_wei >= 0),
    acquired_block    bigint NOT NULL CHECK (acquired_block >= 0),
    acquired_at       timestamptz NOT NULL
);
CREATE INDEX licence_by_package ON licence (digest, acquired_block, id);

-- No reference to package: a package that could not be listed (rejected, unreadable, a conflicting copy) keeps
-- the record of why.
CREATE TABLE verification (
    digest      text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    verifier    text NOT NULL,
    passed      boolean NOT NULL,
    signers     text[] NOT NULL,
    findings    text[] NOT NULL,
    verified_at timestamptz NOT NULL,
    PRIMARY KEY (digest, verifier)
);

CREATE TABLE checkpoint (
    follower text PRIMARY KEY,
    block    bigint NOT NULL CHECK (block >= 0)
);

-- The search table: package, descriptor, offer and licence types side by side, with the full-text vector.
CREATE TABLE listing (
    digest               text PRIMARY KEY REFERENCES package (digest),
    kind                 text NOT NULL,
    provider             text NOT NULL,
    product              text NOT NULL,
    version              text NOT NULL,
    descriptor_id        text NOT NULL,
    dialect              text NOT NULL,
    description          text,
    vcpu_millis          bigint NOT NULL,
    memory_mib           bigint NOT NULL,
    disk_mib             bigint NOT NULL,
    size_bytes           bigint NOT NULL,
    onboarded_at         timestamptz NOT NULL,
    function_type        text,
    offer_status         text,
    price_per_second_wei numeric(78, 0),
    reputation           double precision,
    sessions             bigint NOT NULL DEFAULT 0,
    -- Licence types acquired so far, in the order PUBLIC, TRIAL, PRIVATE.
    licence_types        text[] NOT NULL DEFAULT '{}',
    search               tsvector NOT NULL
);

-- Weights: product and provider A, description B, descriptor id, function type, VDU and image names C.
CREATE FUNCTION listing_search(product text, provider text, description text, descriptor_id text, function_type text,
                               vdu_names text[], image_names text[]) RETURNS tsvector
    LANGUAGE sql IMMUTABLE AS $$
    SELECT setweight(to_tsvector('english'::regconfig, product || ' ' || provider), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, descriptor_id || ' ' || coalesce(function_type, '') || ' '
                                 || array_to_string(vdu_names, ' ') || ' ' || array_to_string(image_names, ' ')), 'C')
$$;

CREATE FUNCTION licence_types_of(p_digest text) RETURNS text[]
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(t ORDER BY array_position(ARRAY['PUBLIC', 'TRIAL', 'PRIVATE'], t)), '{}')
    FROM (SELECT DISTINCT type AS t FROM licence WHERE digest = p_digest) d
$$;

-- The listing as the base tables give it (a view, so that a query for one digest reads one row of each table).
CREATE VIEW listing_source AS
    SELECT p.digest, d.kind, d.provider, d.product, d.version, p.descriptor_id, p.dialect, p.description,
           p.vcpu_millis, p.memory_mib, p.disk_mib, p.size_bytes, p.onboarded_at,
           o.function_type, o.status AS offer_status, o.price_per_second_wei, o.reputation, coalesce(o.sessions, 0) AS sessions,
           coalesce(l.types, '{}') AS licence_types,
           listing_search(d.product, d.provider, p.description, p.descriptor_id, o.function_type, p.vdu_names, p.image_names) AS search
    FROM package p
    JOIN descriptor d ON d.id = p.descriptor_ref
    LEFT JOIN offer o ON o.digest = p.digest
    LEFT JOIN (SELECT digest, array_agg(type ORDER BY array_position(ARRAY['PUBLIC', 'TRIAL', 'PRIVATE'], type)) AS types
               FROM (SELECT DISTINCT digest, type FROM licence) x GROUP BY digest) l ON l.digest = p.digest;

-- Rebuilds the whole listing (after a bulk load with the triggers off).
CREATE FUNCTION listing_rebuild() RETURNS void
    LANGUAGE sql AS $$
    DELETE FROM listing;
    INSERT INTO listing SELECT * FROM listing_source;
$$;

CREATE FUNCTION listing_refresh() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM listing WHERE digest = NEW.digest;
    INSERT INTO listing SELECT * FROM listing_source WHERE digest = NEW.digest;
    RETURN NULL;
END
$$;

-- Status and reputation change often and do not touch the text: update those columns only.
CREATE FUNCTION listing_offer_state() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.function_type IS DISTINCT FROM OLD.function_type THEN
        DELETE FROM listing WHERE digest = NEW.digest;
        INSERT INTO listing SELECT * FROM listing_source WHERE digest = NEW.digest;
    ELSE
        UPDATE listing
        SET offer_status = NEW.status, price_per_second_wei = NEW.price_per_second_wei, reputation = NEW.reputation,
            sessions = NEW.sessions
        WHERE digest = NEW.digest;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION listing_licence() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE listing SET licence_types = licence_types_of(NEW.digest) WHERE digest = NEW.digest;
    RETURN NULL;
END
$$;

CREATE TRIGGER package_listing AFTER INSERT ON package FOR EACH ROW EXECUTE FUNCTION listing_refresh();
CREATE TRIGGER offer_listing_insert AFTER INSERT ON offer FOR EACH ROW EXECUTE FUNCTION listing_refresh();
CREATE TRIGGER offer_listing_update AFTER UPDATE ON offer FOR EACH ROW EXECUTE FUNCTION listing_offer_state();
CREATE TRIGGER licence_listing AFTER INSERT ON licence FOR EACH ROW EXECUTE FUNCTION listing_licence();

-- Search indexes: full text; one b-tree per filter led by it and ordered as NEWEST, so that a filter with the
-- default order reads its first page straight from the index; one per sort.
CREATE INDEX listing_search_gin ON listing USING gin (search);
CREATE INDEX listing_newest ON listing (onboarded_at DESC, digest);
CREATE INDEX listing_provider ON listing (lower(provider), onboarded_at DESC, digest);
CREATE INDEX listing_product ON listing (lower(product), onboarded_at DESC, digest);
CREATE INDEX listing_version ON listing (lower(version));
CREATE INDEX listing_function_type ON listing (function_type, onboarded_at DESC, digest) WHERE function_type IS NOT NULL;
CREATE INDEX listing_reputation ON listing (reputation DESC NULLS LAST, digest);
CREATE INDEX listing_name ON listing (provider, product, version, digest);
CREATE INDEX listing_vcpu ON listing (vcpu_millis);
CREATE INDEX listing_memory ON listing (memory_mib);
CREATE INDEX listing_disk ON listing (disk_mib);
CREATE INDEX listing_licence_types ON listing USING gin (licence_types);
