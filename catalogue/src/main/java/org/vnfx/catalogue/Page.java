package org.vnfx.catalogue;

import java.util.List;

/**
 * One page of results.
 *
 * @param items  the results on this page
 * @param offset how many results came before this page
 * @param more   whether a further page exists
 */
public record Page<T>(List<T> items, int offset, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
