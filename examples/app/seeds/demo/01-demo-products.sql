-- Demo data for development only (spec.seeds[].environments: [development]).
INSERT INTO products (sku, name, price_cents) VALUES
  ('DEMO-MUG', 'Demo mug', 1200),
  ('DEMO-TEE', 'Demo T-shirt', 1900)
ON CONFLICT (sku) DO NOTHING;
