-- The order-cards queue is filled by the statement import's one UPDATE of every installment it pays: its foreign key to
-- orders cost a row lock on each queued order (442 ms of a 10,000-line import's 2.3 s UPDATE, an SPI query per row).
-- Orders are never deleted and the job skips an order it cannot find, so the queue keeps order ids without the check.
ALTER TABLE "order_card_refresh" DROP CONSTRAINT IF EXISTS "order_card_refresh_order_id_fkey";
