package io.nija.core.execution;

/** What an executor task does at the venue. */
public enum TaskKind {
    /** Send a new order. */
    PLACE,
    /** Ask the venue about an order by client order id (resolving unknowns, following open orders). */
    QUERY,
    CANCEL
}
