package org.vnfx.portal.vnfpkgm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vnfx.portal.auth.Tokens;

/**
 * The repository behind the SOL005 VNF package management API: the seam between the HTTP layer and the
 * catalogue, the package checks and the chain. Every state change is checked here, so a second client
 * (the portal pages, the CLI) gets the same rules; a refused change throws {@link StateConflict} and
 * changes nothing.
 */
public interface VnfPackages {
    /** A new resource: CREATED, DISABLED, NOT_IN_USE. */
    VnfPackage create(Map<String, Object> userDefinedData, Tokens.Principal owner) throws IOException;

    Optional<VnfPackage> get(String id) throws IOException;

    /** All resources, oldest first. */
    List<VnfPackage> list() throws IOException;

    /**
     * Takes the package content (CREATED → UPLOADING), then onboards it in the background (PROCESSING →
     * ONBOARDED or ERROR): verification, descriptor, catalogue, encryption, store, offer on chain.
     *
     * @throws StateConflict when the resource is not CREATED
     * @throws IllegalArgumentException when the content is larger than {@code maxBytes}; the resource goes back to CREATED
     */
    void upload(String id, InputStream content, long maxBytes, Tokens.Principal who) throws IOException, StateConflict;

    /** ENABLED ↔ DISABLED; only an ONBOARDED package, and only to the other state. */
    VnfPackage setOperationalState(String id, VnfPackage.OperationalState state, Tokens.Principal who) throws IOException, StateConflict;

    /** Merges {@code userDefinedData} (RFC 7396: a null value deletes the key). */
    VnfPackage mergeUserDefinedData(String id, Map<String, Object> userDefinedData, Tokens.Principal who) throws IOException, StateConflict;

    /** Deletes a DISABLED, NOT_IN_USE package (or one never onboarded). */
    void delete(String id, Tokens.Principal who) throws IOException, StateConflict;

    /** The package file as onboarded (the CSAR, or the option-2 zip). */
    Path content(String id) throws IOException, StateConflict;

    /** The bytes of one file inside the onboarded package. */
    Optional<byte[]> file(String id, String path) throws IOException, StateConflict;

    /** A state change the resource's state does not allow (HTTP 409). */
    final class StateConflict extends Exception {
        public StateConflict(String message) {
            super(message);
        }
    }

    /** No such resource (HTTP 404). */
    final class NotFound extends IOException {
        public NotFound(String id) {
            super("no VNF package with id " + id);
        }
    }
}
