package org.schemenet.report;

/** Text into HTML: the five characters with a meaning in markup, escaped. */
final class Html {
    private Html() {
    }

    /** {@code &}, {@code <}, {@code >}, {@code "} and {@code '} as character references. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
