package io.nija.core.execution;

/** What an executor task does at the venue. */
public enum TaskKind {
    /** Send a new order. */
    PLACE,
    /** Ask the venue about an order by client order id (resolving unknowns, following open orders). */
    QUERY,
    CANCEL,
    /** Read every open order of the task's account: one read that answers for all its resting legs on the venue. */
    OPEN_ORDERS
}
