/**
 * HTTP adapters that implement the core {@link io.nija.core.venue.Venue} port for six real exchanges, one
 * sub-package each (binance, kraken, coinbase, alpaca, okx, bybit), over a shared transport in {@code common}.
 *
 * <p>Each adapter signs requests exactly as its exchange documents (the documented vectors are unit tests), keeps a
 * client-side mirror of the exchange's own rate limits (per IP where the exchange counts the IP, per API key where
 * it counts the key), and maps every failure into {@link io.nija.core.venue.VenueErrorKind}. A place whose answer
 * is lost is reported as UNKNOWN and never re-sent here. {@link io.nija.venues.VenueAdapters} builds them; it
 * defaults to the simulator and refuses a production URL unless live trading is explicitly enabled.
 */
package io.nija.venues;
