/**
 * The simulator's Coinbase Advanced Trade dialect ({@link io.nija.sim.dialect.coinbase.CoinbaseDialect}).
 *
 * <p>Choices where Coinbase's documentation is silent, and known limits:
 * <ul>
 *   <li>The host in a JWT's uri claim may be api.coinbase.com or the address the request was sent to, and a leading
 *       "http://" is tolerated (clients that strip only "https://" send it against a loopback URL). Method and path
 *       must match exactly; tokens may live at most 120 s; 5 s of clock skew is tolerated.</li>
 *   <li>Keys created through /__sim/accounts may use an EC P-256 PEM secret (ES256) or a base64 Ed25519 secret
 *       (EdDSA), as CDP issues; paper accounts use the Ed25519 form.</li>
 *   <li>Refusals use Coinbase's NewOrderFailureReason and PreviewFailureReason codes; the exact pairing of
 *       {@code error} and {@code preview_failure_reason} per case is the simulator's reading of them.</li>
 *   <li>Only market_market_ioc, limit_limit_gtc and sor_limit_ioc are modelled; the other configurations are refused
 *       with UNSUPPORTED_ORDER_CONFIGURATION. An unfilled IOC or market remainder reports EXPIRED.</li>
 *   <li>The post_only flag of resting orders is remembered in memory only.</li>
 * </ul>
 */
package io.nija.sim.dialect.coinbase;
