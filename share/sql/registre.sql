-- The SQLite register of sne (sne-records(5), sne-registre(1)).
-- One row per demande: its exact bytes, and the columns the programs
-- select on, computed from those bytes by lib/store.c (sne-registre
-- --verifier checks that they still agree).  PRAGMA user_version is the
-- schema's version: lib/store.c refuses a store of another version.

-- The envelope, once: what comes before the first record (prolog, root
-- start tag with its namespace declarations, entete) and after the last.
CREATE TABLE enveloppe (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	tete BLOB NOT NULL,
	fin BLOB NOT NULL
);

-- rang keeps the register's order (an export writes the rows by rang, so
-- that import then export gives the same bytes); numero is the key of the
-- demandes registered (NULL for one waiting for validation or a draft,
-- which has none yet), unique by the index demande_numero below.
CREATE TABLE demande (
	rang INTEGER PRIMARY KEY,
	numero TEXT,
	avant BLOB NOT NULL,          -- the blanks before the record
	octets BLOB NOT NULL,         -- the record, exactly
	territoire TEXT,              -- of the numéro, else of the communes
	guichet TEXT,                 -- numGuichet
	etat TEXT,                    -- suivi/etat
	depot TEXT,                   -- dateCreationDemande
	prochain TEXT,                -- the anniversary (lib/renouvellement.c)
	radiation_motif TEXT,
	radiation_date TEXT,
	identite INTEGER,             -- sne_identite_key() of the demandeur
	courriel TEXT,                -- mel, trimmed, ASCII lower case
	modifie TEXT NOT NULL,        -- UTC time the row was last written
	avertissement TEXT,           -- motif of the avertissement in progress
	-- what sne-notice selects on (sne_preavis_envoyes() and
	-- sne_attestation_attendue(), lib/preavis.c), for an active demande
	-- only: the préavis steps recorded for its anniversary, bit N - 1 for
	-- « N mois » (0 when none), and the latest event whose attestation is
	-- not recorded
	preavis INTEGER,
	attestation TEXT
);

-- Numéro counters: the last sequence given per territory and month of
-- dépôt, advanced in the transaction that inserts the demande.
CREATE TABLE compteur (
	territoire TEXT NOT NULL,
	mois INTEGER NOT NULL,
	annee INTEGER NOT NULL,
	dernier INTEGER NOT NULL,
	PRIMARY KEY (territoire, mois, annee)
) WITHOUT ROWID;

-- The key of the numéros, made after an import's rows are in (kept up row
-- by row, it would not fit SQLite's page cache past a few hundred thousand
-- demandes): an import that holds a numéro twice is refused here.
CREATE UNIQUE INDEX IF NOT EXISTS demande_numero ON demande (numero);

-- Made after an import's rows are in (faster than kept up row by row).
CREATE INDEX IF NOT EXISTS demande_echeance ON demande (etat, prochain, preavis);
CREATE INDEX IF NOT EXISTS demande_courriel ON demande (courriel) WHERE courriel IS NOT NULL;
CREATE INDEX IF NOT EXISTS demande_identite ON demande (identite) WHERE identite IS NOT NULL;
CREATE INDEX IF NOT EXISTS demande_avertissement ON demande (avertissement) WHERE avertissement IS NOT NULL;
CREATE INDEX IF NOT EXISTS demande_attestation ON demande (attestation) WHERE attestation IS NOT NULL;
