package io.nija.core.order;

public enum Liquidity {
    MAKER, TAKER
}
