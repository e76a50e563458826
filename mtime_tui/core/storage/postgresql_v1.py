"""The first schema on PostgreSQL: a frozen translation of migrations.V1_SCHEMA. Never edit.

The same tables, columns, indexes and foreign keys as the SQLite text, in PostgreSQL's types
(SERIAL keys, BIGINT Telegram IDs, BOOLEAN, TIMESTAMP), plus what only a server can give:

- `booking_no_overlap`: no two active bookings (status <> 'cancelled') of one master overlap in
  time, enforced by the database for every writer, the app or not (btree_gist lets the master's
  equality and the time range's overlap share one GiST index). A booking's time is a range of
  minutes counted from 2000-01-01 (date - DATE '2000-01-01' is an integer, so the expression is
  immutable, as an index needs); every booking ends by midnight, so minutes are exact.
- `instr(text, text)`: SQLite's instr, which the client search by phone digits uses.
"""

V1_STATEMENTS = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE "schema_version" ("id" SERIAL NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL);
CREATE TABLE "setting" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL);
CREATE TABLE "admin" ("telegram_id" BIGINT NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL);
CREATE TABLE "telegram_user" ("telegram_id" BIGINT NOT NULL PRIMARY KEY, "first_name" VARCHAR(255) NOT NULL, "last_name" VARCHAR(255) NOT NULL, "username" VARCHAR(255), "language" VARCHAR(255) NOT NULL, "started_at" TIMESTAMP NOT NULL, "unreachable" BOOLEAN NOT NULL);
CREATE TABLE "service" ("id" SERIAL NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "description" TEXT NOT NULL, "price" INTEGER, "duration" INTEGER NOT NULL, "active" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL);
CREATE INDEX "service_active" ON "service" ("active");
CREATE TABLE "master" ("id" SERIAL NOT NULL PRIMARY KEY, "telegram_id" BIGINT NOT NULL, "name" VARCHAR(255) NOT NULL, "photo" VARCHAR(255), "about" TEXT NOT NULL, "shift_start" INTEGER NOT NULL, "shift_end" INTEGER NOT NULL, "interval" INTEGER NOT NULL, "active" BOOLEAN NOT NULL, "created_at" TIMESTAMP NOT NULL);
CREATE UNIQUE INDEX "master_telegram_id" ON "master" ("telegram_id");
CREATE INDEX "master_active" ON "master" ("active");
CREATE TABLE "master_service" ("id" SERIAL NOT NULL PRIMARY KEY, "master_id" INTEGER NOT NULL, "service_id" INTEGER NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE CASCADE, FOREIGN KEY ("service_id") REFERENCES "service" ("id") ON DELETE CASCADE);
CREATE INDEX "master_service_master_id" ON "master_service" ("master_id");
CREATE INDEX "master_service_service_id" ON "master_service" ("service_id");
CREATE UNIQUE INDEX "master_service_master_id_service_id" ON "master_service" ("master_id", "service_id");
CREATE TABLE "client" ("id" SERIAL NOT NULL PRIMARY KEY, "telegram_id" BIGINT, "phone" VARCHAR(255), "first_name" VARCHAR(255) NOT NULL, "last_name" VARCHAR(255) NOT NULL, "language" VARCHAR(255) NOT NULL, "blocked" BOOLEAN NOT NULL, "block_reason" TEXT NOT NULL, "notes" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL);
CREATE UNIQUE INDEX "client_telegram_id" ON "client" ("telegram_id");
CREATE UNIQUE INDEX "client_phone" ON "client" ("phone");
CREATE INDEX "client_last_name_first_name" ON "client" ("last_name", "first_name");
CREATE INDEX "client_first_name" ON "client" ("first_name");
CREATE TABLE "booking" ("id" SERIAL NOT NULL PRIMARY KEY, "number" INTEGER NOT NULL, "master_id" INTEGER NOT NULL, "service_id" INTEGER NOT NULL, "client_id" INTEGER NOT NULL, "date" DATE NOT NULL, "start" INTEGER NOT NULL, "duration" INTEGER NOT NULL, "price" INTEGER, "status" VARCHAR(255) NOT NULL, "source" VARCHAR(255) NOT NULL, "cancelled_by" VARCHAR(255), "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE RESTRICT, FOREIGN KEY ("service_id") REFERENCES "service" ("id") ON DELETE RESTRICT, FOREIGN KEY ("client_id") REFERENCES "client" ("id") ON DELETE RESTRICT);
CREATE UNIQUE INDEX "booking_number" ON "booking" ("number");
CREATE INDEX "booking_master_id" ON "booking" ("master_id");
CREATE INDEX "booking_service_id" ON "booking" ("service_id");
CREATE INDEX "booking_client_id" ON "booking" ("client_id");
CREATE INDEX "booking_master_id_date" ON "booking" ("master_id", "date");
CREATE INDEX "booking_date_start" ON "booking" ("date", "start");
CREATE INDEX "booking_status_date" ON "booking" ("status", "date");
CREATE INDEX "booking_client_id_date" ON "booking" ("client_id", "date");
CREATE TABLE "break" ("id" SERIAL NOT NULL PRIMARY KEY, "master_id" INTEGER NOT NULL, "date" DATE NOT NULL, "start" INTEGER NOT NULL, "duration" INTEGER NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE CASCADE);
CREATE INDEX "break_master_id" ON "break" ("master_id");
CREATE UNIQUE INDEX "break_master_id_date_start" ON "break" ("master_id", "date", "start");
CREATE TABLE "day_off" ("id" SERIAL NOT NULL PRIMARY KEY, "master_id" INTEGER NOT NULL, "date" DATE NOT NULL, FOREIGN KEY ("master_id") REFERENCES "master" ("id") ON DELETE CASCADE);
CREATE INDEX "day_off_master_id" ON "day_off" ("master_id");
CREATE UNIQUE INDEX "day_off_master_id_date" ON "day_off" ("master_id", "date");
CREATE TABLE "outbox" ("id" SERIAL NOT NULL PRIMARY KEY, "chat_id" BIGINT NOT NULL, "kind" VARCHAR(255) NOT NULL, "booking_id" INTEGER, "payload" TEXT NOT NULL, "language" VARCHAR(255) NOT NULL, "dedup_key" VARCHAR(255), "status" VARCHAR(255) NOT NULL, "attempts" INTEGER NOT NULL, "next_attempt_at" TIMESTAMP NOT NULL, "last_error" TEXT NOT NULL, "created_at" TIMESTAMP NOT NULL, "sent_at" TIMESTAMP, FOREIGN KEY ("booking_id") REFERENCES "booking" ("id") ON DELETE CASCADE);
CREATE INDEX "outbox_booking_id" ON "outbox" ("booking_id");
CREATE UNIQUE INDEX "outbox_dedup_key" ON "outbox" ("dedup_key");
CREATE INDEX "outbox_status_next_attempt_at" ON "outbox" ("status", "next_attempt_at");
ALTER TABLE "booking" ADD CONSTRAINT "booking_no_overlap" EXCLUDE USING gist ("master_id" WITH =, int4range(("date" - DATE '2000-01-01') * 1440 + "start", ("date" - DATE '2000-01-01') * 1440 + "start" + "duration") WITH &&) WHERE ("status" <> 'cancelled');
CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT strpos($1, $2)';
"""
