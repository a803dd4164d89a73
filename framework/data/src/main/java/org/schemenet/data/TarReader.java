package org.schemenet.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A reader of the tar format (POSIX ustar with GNU long names and pax {@code path} records), enough
 * for the CIFAR-10 archive. Each entry is a 512-byte header (name at 0, octal size at 124, header
 * checksum at 148, type at 156, ustar name prefix at 345) followed by the content padded to a
 * multiple of 512 bytes; two zero blocks end the archive.
 */
final class TarReader {
    private static final int BLOCK = 512;

    /** One archive entry: its path, its type flag ('0' file, '5' directory, '1'/'2' links ...) and size. */
    record Entry(String name, char type, long size) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isLink() {
            return type == '1' || type == '2';
        }
    }

    private final InputStream in;
    private final String archive;
    private long remaining;
    private long padding;
    private int index = -1;

    TarReader(InputStream in, String archive) {
        this.in = in;
        this.archive = archive;
    }

    /** The next entry (its content is then readable with {@link #copyTo}), or null at the end. */
    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        while (true) {
            byte[] header = new byte[BLOCK];
            int got = readFully(header);
            if (got == 0 || (got == BLOCK && isZero(header))) {
                return null;
            }
            if (got < BLOCK) {
                throw new EOFException("the archive ends inside an entry header");
            }
            index++;
            checkChecksum(header);
            char type = (char) header[156];
            long size = parseNumber(header, 124, 12);
            String name = string(header, 0, 100);
            if (string(header, 257, 5).equals("ustar")) {
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            if (type == 'L' || type == 'x' || type == 'g') {
                byte[] data = readContent(size);
                if (type == 'L') {
                    longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                } else if (type == 'x') {
                    String path = paxPath(data);
                    if (path != null) {
                        longName = path;
                    }
                }
                continue;
            }
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            return new Entry(longName != null ? longName : name, type, size);
        }
    }

    /** Copies the current entry's content to {@code out}. */
    void copyTo(OutputStream out) throws IOException {
        byte[] buffer = new byte[1 << 16];
        while (remaining > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("the archive ends inside entry " + index);
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private byte[] readContent(long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("entry " + index + " of " + archive + " has an oversized extended header");
        }
        byte[] data = new byte[(int) size];
        if (readFully(data) < size) {
            throw new EOFException("the archive ends inside entry " + index);
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        String path = null;
        int at = 0;
        while (at < text.length()) {
            int space = text.indexOf(' ', at);
            if (space < 0) {
                break;
            }
            int length = Integer.parseInt(text.substring(at, space));
            String record = text.substring(space + 1, Math.min(text.length(), at + length)).strip();
            if (record.startsWith("path=")) {
                path = record.substring("path=".length());
            }
            at += length;
        }
        return path;
    }

    private void checkChecksum(byte[] header) throws IOException {
        long stored = parseNumber(header, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        }
        if (sum != stored) {
            throw new IOException("the header of entry " + index + " is corrupt (checksum " + stored + ", computed "
                    + sum + ")");
        }
    }

    /** An octal field, or a base-256 one (high bit of the first byte set, GNU extension). */
    private long parseNumber(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7F;
            for (int i = 1; i < length; i++) {
                value = (value << 8) | (header[offset + i] & 0xFF);
            }
            return value;
        }
        String text = string(header, offset, length).strip();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("the header of entry " + index + " has a bad number field '" + text + "'");
        }
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private int readFully(byte[] into) throws IOException {
        int got = 0;
        while (got < into.length) {
            int n = in.read(into, got, into.length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    private void skip(long bytes) throws IOException {
        byte[] buffer = new byte[BLOCK];
        while (bytes > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytes));
            if (n < 0) {
                throw new EOFException("the archive ends inside entry " + index);
            }
            bytes -= n;
        }
    }
}
