CREATE TABLE products (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku   text    NOT NULL UNIQUE,
  name  text    NOT NULL,
  price numeric NOT NULL CHECK (price >= 0)
);
