package org.vnfx.catalogue;

/** The catalogue's database failed (connection lost, server stopped, ...): the message says which operation. */
public final class CatalogueException extends RuntimeException {
    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
    }
}
