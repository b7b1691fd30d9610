package org.vnfx.packages;

/**
 * One file's digest in a manifest: a {@code Source} / {@code Algorithm} / {@code Hash} block.
 *
 * @param source the file's path inside the package
 * @param algorithm the hash algorithm as SOL004 names it (vnfx writes {@code SHA-256})
 * @param hash the digest in lowercase hexadecimal
 */
public record ManifestEntry(String source, String algorithm, String hash) {

    String render() {
        return "Source: " + source + "\nAlgorithm: " + algorithm + "\nHash: " + hash + '\n';
    }
}
