-- Version 2 of the schema, which the app's pods require (dbmigrate.io/requires: shop-app@2).
ALTER TABLE products ADD COLUMN price_cents integer NOT NULL DEFAULT 0 CHECK (price_cents >= 0);
