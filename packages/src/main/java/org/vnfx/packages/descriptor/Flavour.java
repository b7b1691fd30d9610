package org.vnfx.packages.descriptor;

import java.util.Objects;

/**
 * A deployment flavour: SOL001 {@code flavour_id}/{@code flavour_description}, an OSM {@code df}, a 5GTANGO
 * {@code deployment_flavours} entry.
 *
 * @param id the flavour id
 * @param description its description, or null where the descriptor has none
 */
public record Flavour(String id, String description) {
    public Flavour {
        Objects.requireNonNull(id, "id");
    }
}
