package io.nija.venues.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.nija.core.market.PriceLevel;
import java.util.ArrayList;
import java.util.List;

/** Order-book levels in the two shapes exchanges use: {@code [price, size, ...]} arrays or {price, size} objects. */
public final class Books {
    private Books() {
    }

    /** Levels from arrays such as {@code [["65000.1","0.5"], ...]}; extra elements (timestamps, counts) are ignored. */
    public static List<PriceLevel> fromArrays(JsonNode levels, int depth) {
        List<PriceLevel> out = new ArrayList<>();
        for (JsonNode l : levels) {
            if (out.size() >= depth) {
                break;
            }
            out.add(new PriceLevel(Json.decimal(l, 0), Json.decimal(l, 1)));
        }
        return out;
    }

    /** Levels from objects such as {@code [{"price":"65000.1","size":"0.5"}, ...]}. */
    public static List<PriceLevel> fromObjects(JsonNode levels, String priceField, String sizeField, int depth) {
        List<PriceLevel> out = new ArrayList<>();
        for (JsonNode l : levels) {
            if (out.size() >= depth) {
                break;
            }
            out.add(new PriceLevel(Json.decimal(l, priceField), Json.decimal(l, sizeField)));
        }
        return out;
    }
}
