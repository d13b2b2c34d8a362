-- The price the route expected to pay (before fees), kept with the order for transaction cost analysis: set
-- against avg_price it says what execution added to the plan.
ALTER TABLE orders ADD COLUMN expected_price numeric;
