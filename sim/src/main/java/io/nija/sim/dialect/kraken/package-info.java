/**
 * The simulator's Kraken Spot REST dialect ({@link io.nija.sim.dialect.kraken.KrakenDialect}).
 *
 * <p>Choices where Kraken's documentation is silent, and known limits:
 * <ul>
 *   <li>A cl_ord_id that is still open is refused with {@code EOrder:Duplicate order}; Kraken does not publish its
 *       exact string for this case.</li>
 *   <li>Simulated accounts are of the Intermediate verification tier (REST counter 20, -0.5/s; trading counter 125,
 *       -2.34/s; 80 open orders per pair). Public endpoints are not limited: Kraken publishes no figure for them.</li>
 *   <li>An injected server error is HTTP 503 with {@code EService:Unavailable}; maintenance is HTTP 200 with the same
 *       string (and SystemStatus says "maintenance").</li>
 *   <li>Order types other than market and limit, GTD, margin, AddOrderBatch, CancelOrderBatch and ledgers are not
 *       modelled; they are refused with {@code EGeneral:Invalid arguments:<field>} or {@code EGeneral:Unknown method}.</li>
 *   <li>The last nonce per key is kept in memory: a restarted simulator accepts any nonce once per key.</li>
 * </ul>
 */
package io.nija.sim.dialect.kraken;
