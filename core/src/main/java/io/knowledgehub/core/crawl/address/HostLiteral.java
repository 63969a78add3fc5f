package io.knowledgehub.core.crawl.address;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a URL's host the way browsers and curl do (the WHATWG URL standard's host parser), so that an address
 * written in an unusual form is known for the address it is before anything is looked up: {@code 127.1},
 * {@code 0x7f.0.0.1}, {@code 0177.0.0.1}, {@code 2130706433} and {@code 127.0.0.1.} are all 127.0.0.1;
 * {@code [::ffff:127.0.0.1]} and {@code [::ffff:7f00:1]} are IPv4-mapped 127.0.0.1; percent-escapes and full-width
 * digits or dots are decoded first.
 *
 * <p>This matters because {@link InetAddress#getAllByName} reads some of these differently ({@code 0177.0.0.1} as
 * 177.0.0.1) and hands others to the system resolver, which may read them differently again: a host that ends in a
 * number is therefore always decided here, and one that is not a valid address is refused instead of being looked
 * up as a name.
 */
public final class HostLiteral {

    /** What a host is: an address written as such, or a name to look up. */
    public sealed interface Host {
    }

    public record Address(InetAddress address) implements Host {
    }

    /** @param ascii the name in its ASCII (punycode) form, lower-cased, without a trailing dot */
    public record Name(String ascii) implements Host {
    }

    private HostLiteral() {
    }

    /**
     * @param host a URL's host as {@link java.net.URI#getHost()} or an HTTP client gives it (IPv6 in brackets or not)
     * @throws UnknownHostException when the host can be neither an address nor a name (e.g. {@code 1.2.3.4.5},
     *                              {@code 0x1g.0.0.1}, an invalid IPv6 literal)
     */
    public static Host parse(String host) throws UnknownHostException {
        if (host == null || host.isEmpty()) {
            throw new UnknownHostException("empty host");
        }
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            return new Address(ipv6(h.substring(1, h.length() - 1), host));
        }
        if (h.indexOf(':') >= 0) {
            return new Address(ipv6(h, host));
        }
        h = percentDecode(h, host);
        String ascii;
        try {
            // maps full-width digits and ideographic full stops to ASCII, as the URL standard's domain-to-ASCII does
            ascii = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new UnknownHostException("'" + host + "' is not a valid host name");
        }
        if (ascii.isEmpty()) {
            throw new UnknownHostException("'" + host + "' is not a valid host name");
        }
        if (endsInNumber(ascii)) {
            return new Address(ipv4(ascii, host));
        }
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == '%' || c == '/' || c == '\\' || c == '@'
                || c == '#' || c == '?' || c == '[' || c == ']' || c == ':' || c > 0x7E)) {
            throw new UnknownHostException("'" + host + "' is not a valid host name");
        }
        return new Name(name);
    }

    /** The URL standard's "ends in a number": the last label (a trailing dot aside) is digits, or 0x and hex digits. */
    static boolean endsInNumber(String host) {
        List<String> parts = labels(host);
        if (parts.isEmpty()) {
            return false;
        }
        String last = parts.get(parts.size() - 1);
        if (!last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return true;
        }
        return parseNumber(last) >= 0;
    }

    private static InetAddress ipv4(String host, String original) throws UnknownHostException {
        List<String> parts = labels(host);
        if (parts.size() > 4) {
            throw invalid(original);
        }
        long[] numbers = new long[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            long n = parseNumber(parts.get(i));
            if (n < 0 || (i < parts.size() - 1 && n > 255)) {
                throw invalid(original);
            }
            numbers[i] = n;
        }
        long last = numbers[numbers.length - 1];
        if (last >= 1L << (8 * (5 - numbers.length))) {
            throw invalid(original);
        }
        long value = last;
        for (int i = 0; i < numbers.length - 1; i++) {
            value += numbers[i] << (8 * (3 - i));
        }
        return NetworkRange.byAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** The labels of a host, one trailing empty label (from a trailing dot) dropped. */
    private static List<String> labels(String host) {
        List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /** A decimal, 0x-hex or 0-octal number as the URL standard reads IPv4 parts; -1 when it is none. */
    private static long parseNumber(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.length() >= 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() >= 2 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            if (d < 0 || digits.charAt(i) > 0x7F) {
                return -1;
            }
            value = value * radix + d;
            if (value > 0xFFFF_FFFFL) {
                return 1L << 40; // too large for any part; still a number, so the host is an invalid address
            }
        }
        return value;
    }

    private static InetAddress ipv6(String literal, String original) throws UnknownHostException {
        int zone = literal.indexOf('%');
        String address = zone < 0 ? literal : literal.substring(0, zone);
        if (address.isEmpty() || !address.chars().allMatch(c -> (c < 0x80 && Character.digit(c, 16) >= 0) || c == ':' || c == '.')
                || (zone >= 0 && !literal.substring(zone + 1).chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')))) {
            throw invalid(original);
        }
        try {
            // a bracketed literal is parsed by the JDK without any lookup
            return InetAddress.getByName("[" + literal + "]");
        } catch (UnknownHostException e) {
            throw invalid(original);
        }
    }

    private static String percentDecode(String host, String original) throws UnknownHostException {
        if (host.indexOf('%') < 0) {
            return host;
        }
        byte[] in = host.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
                int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw invalid(original);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static UnknownHostException invalid(String host) {
        return new UnknownHostException("'" + host + "' is not a valid address");
    }

    /** The address when {@code host} is one written as an address, in any form; empty for a name. */
    public static Optional<InetAddress> address(String host) throws UnknownHostException {
        return parse(host) instanceof Address a ? Optional.of(a.address()) : Optional.empty();
    }
}
