-- Reference data, in every environment. Seeds run again when their content changes, so they
-- are written to be idempotent: upserts, never plain INSERTs of fixed keys.
INSERT INTO products (sku, name, price_cents) VALUES
  ('GIFT-CARD-25', 'Gift card 25', 2500),
  ('GIFT-CARD-50', 'Gift card 50', 5000)
ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, price_cents = EXCLUDED.price_cents;
