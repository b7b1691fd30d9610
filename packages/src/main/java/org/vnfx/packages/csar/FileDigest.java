package org.vnfx.packages.csar;

/**
 * One file of a verified package.
 *
 * @param path its path inside the package
 * @param size its size in bytes
 * @param sha256 its SHA-256, lowercase hexadecimal
 * @param algorithm the algorithm of its manifest block (canonical: SHA-256, SHA-384, SHA-512); null for the manifest
 * @param hash the digest its manifest block gives (and the file has), lowercase; null for the manifest
 */
public record FileDigest(String path, long size, String sha256, String algorithm, String hash) {
}
