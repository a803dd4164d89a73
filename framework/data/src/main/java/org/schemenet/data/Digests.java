package org.schemenet.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Hex digests (SHA-256 of data files, MD5 of the official archive). */
final class Digests {
    private Digests() {
    }

    static MessageDigest sha256() {
        return digest("SHA-256");
    }

    static MessageDigest md5() {
        return digest("MD5");
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * The checksum of a set of files: the SHA-256 of their {@code sha256sum} listing, i.e. of the
     * text {@code "<sha256 hex>  <name>\n"} for each file in the order given. In a folder holding
     * the files it equals {@code sha256sum data_batch_{1..5}.bin test_batch.bin batches.meta.txt | sha256sum}.
     */
    static String listingSha256(List<String> names, List<String> sha256s) {
        StringBuilder listing = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            listing.append(sha256s.get(i)).append("  ").append(names.get(i)).append('\n');
        }
        return sha256Hex(listing.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
