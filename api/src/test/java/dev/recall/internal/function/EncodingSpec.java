package dev.recall.internal.function;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The canonical argument encoding written a second time, plainly, from its description rather than from
 * {@link ArgumentEncoder}'s code: a {@link DataOutputStream} (big-endian ints and longs, strings as UTF-16 units),
 * no shared buffer, no fast paths. Keys are persistent, so the encoder must match it byte for byte.
 *
 * <p>The format: a tuple is the count of kept arguments (int) then each value. A value is a one-byte tag and its
 * payload: {@code N} null; {@code s} string (length, UTF-16 units); {@code I J S C} int, long, short and char as an
 * int or long; {@code Z B} boolean and byte as one byte; {@code D F} the IEEE bits of a double or float;
 * {@code E} enum (declaring class name, constant name); {@code U} UUID (two longs); {@code b} BigInteger (length,
 * two's-complement bytes); {@code d} BigDecimal (scale, then the unscaled value as {@code b} has it); {@code R}
 * record (class name, component count, components); {@code L} list and {@code Q} other collection (size,
 * elements in order); {@code H} set (size, elements ordered by their encodings, unsigned); {@code M} map (size,
 * key and value of each entry, ordered by the key's encoding: shorter first, then unsigned); {@code O} optional
 * (the value or {@code N}, then a present byte); {@code a} byte array (length, bytes); {@code A} other array
 * (component type name, length, then ints for int and char, longs for long, IEEE bits for double, and tagged
 * values for every other component type); {@code V} java.time values, URI, Locale and Currency (class name,
 * {@code toString()}).
 */
final class EncodingSpec {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DataOutputStream out = new DataOutputStream(bytes);

  private EncodingSpec() {}

  /** The encoding of a call with these arguments, none ignored. */
  static byte[] tuple(@Nullable Object... args) {
    return tuple(args, new boolean[0]);
  }

  /** The encoding of a call with these arguments, leaving out those whose index is {@code true} in ignored. */
  static byte[] tuple(@Nullable Object[] args, boolean[] ignored) {
    EncodingSpec spec = new EncodingSpec();
    List<@Nullable Object> kept = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (i >= ignored.length || !ignored[i]) {
        kept.add(args[i]);
      }
    }
    spec.writeInt(kept.size());
    kept.forEach(spec::write);
    return spec.bytes.toByteArray();
  }

  /** The encoding of one value alone, without the tuple's count. */
  static byte[] value(@Nullable Object value) {
    EncodingSpec spec = new EncodingSpec();
    spec.write(value);
    return spec.bytes.toByteArray();
  }

  private void write(@Nullable Object value) {
    try {
      writeChecked(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeChecked(@Nullable Object value) throws IOException {
    switch (value) {
      case null -> out.writeByte('N');
      case String s -> {
        out.writeByte('s');
        string(s);
      }
      case Integer i -> tagged('I').writeInt(i);
      case Long l -> tagged('J').writeLong(l);
      case Boolean b -> tagged('Z').writeByte(b ? 1 : 0);
      case Double d -> tagged('D').writeLong(Double.doubleToLongBits(d));
      case Float f -> tagged('F').writeInt(Float.floatToIntBits(f));
      case Short s -> tagged('S').writeInt(s);
      case Byte b -> tagged('B').writeByte(b);
      case Character c -> tagged('C').writeInt(c);
      case Enum<?> e -> {
        out.writeByte('E');
        string(e.getDeclaringClass().getName());
        string(e.name());
      }
      case UUID u -> {
        tagged('U').writeLong(u.getMostSignificantBits());
        out.writeLong(u.getLeastSignificantBits());
      }
      case BigInteger b -> {
        out.writeByte('b');
        lengthAndBytes(b.toByteArray());
      }
      case BigDecimal d -> {
        tagged('d').writeInt(d.scale());
        lengthAndBytes(d.unscaledValue().toByteArray());
      }
      case Record r -> record(r);
      case List<?> list -> {
        tagged('L').writeInt(list.size());
        list.forEach(this::write);
      }
      case Set<?> set -> {
        List<byte[]> elements = new ArrayList<>();
        set.forEach(element -> elements.add(value(element)));
        elements.sort(Arrays::compareUnsigned);
        tagged('H').writeInt(elements.size());
        for (byte[] element : elements) {
          out.write(element);
        }
      }
      case Map<?, ?> map -> {
        List<byte[][]> entries = new ArrayList<>();
        map.forEach((k, v) -> entries.add(new byte[][] {value(k), value(v)}));
        entries.sort(Comparator.<byte[][]>comparingInt(e -> e[0].length)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a[0], b[0])));
        tagged('M').writeInt(entries.size());
        for (byte[][] entry : entries) {
          out.write(entry[0]);
          out.write(entry[1]);
        }
      }
      case Collection<?> collection -> {
        tagged('Q').writeInt(collection.size());
        collection.forEach(this::write);
      }
      case Optional<?> optional -> {
        out.writeByte('O');
        write(optional.orElse(null));
        out.writeByte(optional.isPresent() ? 1 : 0);
      }
      case byte[] array -> {
        out.writeByte('a');
        lengthAndBytes(array);
      }
      case Object other when other.getClass().isArray() -> array(other);
      case Object other when isValueType(other.getClass()) -> {
        out.writeByte('V');
        string(other.getClass().getName());
        string(other.toString());
      }
      default -> throw new IllegalArgumentException("the spec has no encoding for " + value.getClass());
    }
  }

  private void record(Record record) throws IOException {
    RecordComponent[] components = record.getClass().getRecordComponents();
    out.writeByte('R');
    string(record.getClass().getName());
    out.writeInt(components.length);
    for (RecordComponent component : components) {
      try {
        var accessor = component.getAccessor();
        accessor.setAccessible(true);
        write(accessor.invoke(record));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private void array(Object array) throws IOException {
    Class<?> component = array.getClass().getComponentType();
    out.writeByte('A');
    string(component.getName());
    int length = Array.getLength(array);
    out.writeInt(length);
    for (int i = 0; i < length; i++) {
      Object item = Array.get(array, i);
      if (component == int.class) {
        out.writeInt((Integer) item);
      } else if (component == char.class) {
        out.writeInt((Character) item);
      } else if (component == long.class) {
        out.writeLong((Long) item);
      } else if (component == double.class) {
        out.writeLong(Double.doubleToLongBits((Double) item));
      } else {
        write(item);
      }
    }
  }

  private DataOutputStream tagged(char tag) throws IOException {
    out.writeByte(tag);
    return out;
  }

  private void string(String s) throws IOException {
    out.writeInt(s.length());
    out.writeChars(s);
  }

  private void lengthAndBytes(byte[] array) throws IOException {
    out.writeInt(array.length);
    out.write(array);
  }

  private void writeInt(int v) {
    try {
      out.writeInt(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isValueType(Class<?> type) {
    return type.getName().startsWith("java.time.") || type == URI.class || type == Locale.class
        || type == Currency.class;
  }
}
