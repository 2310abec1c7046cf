-- One statement per migration on MariaDB/MySQL: if it fails, nothing of the file stays behind.
ALTER TABLE items ADD COLUMN sku VARCHAR(40) NULL, ADD UNIQUE INDEX items_sku (sku);
