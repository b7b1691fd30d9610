package org.vnfx.packages;

/**
 * One entry of a built CSAR.
 *
 * @param path the entry's path inside the package
 * @param size its uncompressed size in bytes
 * @param sha256 the SHA-256 of its content, lowercase hexadecimal
 */
public record CsarEntry(String path, long size, String sha256) {
}
