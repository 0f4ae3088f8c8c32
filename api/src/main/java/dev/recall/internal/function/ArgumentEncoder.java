package dev.recall.internal.function;

import dev.recall.function.UnsupportedArgumentException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes call arguments in a canonical, type-tagged binary form, the input of the key hash. Every value starts with
 * a tag naming its type, strings and containers carry their lengths, so values that print alike never encode alike
 * ({@code 1} vs {@code "1"}, {@code [1, 2]} vs {@code "1,2"}, {@code null} vs {@code "null"}). Sets and maps are
 * canonical: their elements (entries) are ordered by their encoding, so iteration order never changes a key.
 * Not thread-safe: one instance per thread.
 */
final class ArgumentEncoder {
  private static final int MAX_DEPTH = 128;
  /** Big-endian stores of a whole int or long: one bounds check instead of one per byte, same bytes. */
  private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Record component accessors, looked up once per record class. */
  private static final ClassValue<MethodHandle[]> RECORD_ACCESSORS = new ClassValue<>() {
    @Override
    protected MethodHandle[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      MethodHandle[] handles = new MethodHandle[components.length];
      for (int i = 0; i < components.length; i++) {
        try {
          var accessor = components[i].getAccessor();
          accessor.setAccessible(true);
          handles[i] = MethodHandles.lookup().unreflect(accessor)
              .asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
          return new MethodHandle[0];
        }
      }
      return handles;
    }
  };

  private byte[] buf = new byte[256];
  private int len;
  /** Scratch for the two halves of the key hash, reused per thread so a call allocates only its field. */
  private final long[] hash = new long[2];
  private final Object[] path = new Object[MAX_DEPTH];
  private int depth;
  private String function = "";
  private int argument;

  /** Returns the encoded bytes; only the first {@link #length()} are valid. */
  byte[] buffer() {
    return buf;
  }

  int length() {
    return len;
  }

  /** Returns this encoder's scratch array for the 128-bit hash of its bytes; overwritten by the next call. */
  long[] hashScratch() {
    return hash;
  }

  /** Encodes the arguments not ignored, as one tuple. */
  void encodeArguments(String function, @Nullable Object[] args, boolean[] ignored) {
    this.function = function;
    len = 0;
    depth = 0;
    int kept = 0;
    for (int i = 0; i < args.length; i++) {
      if (i >= ignored.length || !ignored[i]) {
        kept++;
      }
    }
    writeInt(kept);
    try {
      for (int i = 0; i < args.length; i++) {
        if (i >= ignored.length || !ignored[i]) {
          argument = i;
          write(args[i]);
        }
      }
    } catch (RuntimeException | Error e) {
      // Whatever failed (an accessor, an iterator, a refused value), the thread's encoder keeps no argument reachable.
      Arrays.fill(path, null);
      throw e;
    }
  }

  private void write(@Nullable Object value) {
    if (value == null) {
      writeByte('N');
    } else if (value instanceof String s) {
      writeByte('s');
      writeString(s);
    } else if (value instanceof Integer i) {
      writeByte('I');
      writeInt(i);
    } else if (value instanceof Long l) {
      writeByte('J');
      writeLong(l);
    } else if (value instanceof Boolean b) {
      writeByte('Z');
      writeByte(b ? 1 : 0);
    } else if (value instanceof Double d) {
      writeByte('D');
      writeLong(Double.doubleToLongBits(d));
    } else if (value instanceof Float f) {
      writeByte('F');
      writeInt(Float.floatToIntBits(f));
    } else if (value instanceof Short s) {
      writeByte('S');
      writeInt(s);
    } else if (value instanceof Byte b) {
      writeByte('B');
      writeByte(b);
    } else if (value instanceof Character c) {
      writeByte('C');
      writeInt(c);
    } else if (value instanceof Enum<?> e) {
      writeByte('E');
      writeString(e.getDeclaringClass().getName());
      writeString(e.name());
    } else if (value instanceof UUID u) {
      writeByte('U');
      writeLong(u.getMostSignificantBits());
      writeLong(u.getLeastSignificantBits());
    } else if (value instanceof BigInteger b) {
      writeByte('b');
      writeBytes(b.toByteArray());
    } else if (value instanceof BigDecimal d) {
      writeByte('d');
      writeInt(d.scale());
      writeBytes(d.unscaledValue().toByteArray());
    } else if (value instanceof Record r) {
      writeRecord(r);
    } else if (value instanceof List<?> list) {
      enter(value);
      writeList(list);
      leave();
    } else if (value instanceof Set<?> set) {
      enter(value);
      writeByte('H');
      writeSorted(set, false);
      leave();
    } else if (value instanceof Map<?, ?> map) {
      enter(value);
      writeByte('M');
      writeSorted(map.entrySet(), true);
      leave();
    } else if (value instanceof Collection<?> collection) {
      enter(value);
      writeByte('Q');
      writeInt(collection.size());
      for (Object item : collection) {
        write(item);
      }
      leave();
    } else if (value instanceof Optional<?> optional) {
      enter(value);
      writeByte('O');
      write(optional.orElse(null));
      writeByte(optional.isPresent() ? 1 : 0);
      leave();
    } else if (value.getClass().isArray()) {
      writeArray(value);
    } else if (isValueType(value.getClass())) {
      writeByte('V');
      writeString(value.getClass().getName());
      writeString(value.toString());
    } else {
      throw unsupported(value, "no canonical encoding for this type");
    }
  }

  private void writeList(List<?> list) {
    int size = list.size();
    writeByte('L');
    writeInt(size);
    if (!(list instanceof RandomAccess)) {
      for (Object item : list) {
        write(item);
      }
      return;
    }
    // Lists of longs are the common large argument: each Long element is written as write(item) would write it
    // (tag and 8 bytes), through locals and without the type dispatch.
    byte[] out = buf;
    int at = len;
    for (int i = 0; i < size; i++) {
      Object item = list.get(i);
      if (item instanceof Long l) {
        if (at + 9 > out.length) {
          len = at;
          ensure(9);
          out = buf;
        }
        out[at] = 'J';
        LONG_BE.set(out, at + 1, l.longValue());
        at += 9;
      } else {
        len = at;
        write(item);
        out = buf;
        at = len;
      }
    }
    len = at;
  }

  private void writeRecord(Record record) {
    MethodHandle[] accessors = RECORD_ACCESSORS.get(record.getClass());
    if (accessors.length == 0 && record.getClass().getRecordComponents().length > 0) {
      throw unsupported(record, "its components cannot be read (is the record's module open to Recall?)");
    }
    enter(record);
    writeByte('R');
    writeString(record.getClass().getName());
    writeInt(accessors.length);
    for (MethodHandle accessor : accessors) {
      Object component;
      try {
        component = (Object) accessor.invokeExact((Object) record);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw unsupported(record, "reading a component failed: " + e);
      }
      write(component);
    }
    leave();
  }

  private void writeArray(Object array) {
    Class<?> component = array.getClass().getComponentType();
    if (component == byte.class) {
      writeByte('a');
      writeBytes((byte[]) array);
      return;
    }
    if (!component.isPrimitive()) {
      enter(array);
    }
    writeByte('A');
    writeString(component.getName());
    int length = Array.getLength(array);
    writeInt(length);
    if (component == int.class) {
      for (int v : (int[]) array) {
        writeInt(v);
      }
    } else if (component == long.class) {
      for (long v : (long[]) array) {
        writeLong(v);
      }
    } else if (component == double.class) {
      for (double v : (double[]) array) {
        writeLong(Double.doubleToLongBits(v));
      }
    } else if (component == char.class) {
      for (char v : (char[]) array) {
        writeInt(v);
      }
    } else if (component.isPrimitive()) {
      for (int i = 0; i < length; i++) {
        write(Array.get(array, i));
      }
    } else {
      for (Object item : (Object[]) array) {
        write(item);
      }
      leave();
    }
  }

  /** Writes elements (or map entries) ordered by their own encodings. */
  private void writeSorted(Collection<?> items, boolean entries) {
    List<byte[]> encoded = new ArrayList<>(items.size());
    for (Object item : items) {
      int start = len;
      if (entries) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
        write(entry.getKey());
        int keyEnd = len;
        write(entry.getValue());
        // Sort by the key's encoding only; keys are unique, so the order is total.
        byte[] keyBytes = Arrays.copyOfRange(buf, start, keyEnd);
        byte[] whole = Arrays.copyOfRange(buf, start, len);
        encoded.add(concatLengthPrefixed(keyBytes, whole));
      } else {
        write(item);
        encoded.add(Arrays.copyOfRange(buf, start, len));
      }
      len = start;
    }
    encoded.sort(Arrays::compareUnsigned);
    writeInt(encoded.size());
    for (byte[] bytes : encoded) {
      if (entries) {
        int keyLength = (int) (((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8)
            | (bytes[3] & 0xff));
        ensure(bytes.length);
        System.arraycopy(bytes, 4 + keyLength, buf, len, bytes.length - 4 - keyLength);
        len += bytes.length - 4 - keyLength;
      } else {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
      }
    }
  }

  /** Prefixes the key's length so sorting compares lengths first; keys of unequal length never tie. */
  private static byte[] concatLengthPrefixed(byte[] key, byte[] whole) {
    byte[] result = new byte[4 + key.length + whole.length];
    result[0] = (byte) (key.length >>> 24);
    result[1] = (byte) (key.length >>> 16);
    result[2] = (byte) (key.length >>> 8);
    result[3] = (byte) key.length;
    System.arraycopy(key, 0, result, 4, key.length);
    System.arraycopy(whole, 0, result, 4 + key.length, whole.length);
    return result;
  }

  private static boolean isValueType(Class<?> type) {
    String name = type.getName();
    return name.startsWith("java.time.") || type == java.net.URI.class || type == java.util.Locale.class
        || type == java.util.Currency.class;
  }

  private void enter(Object container) {
    for (int i = 0; i < depth; i++) {
      if (path[i] == container) {
        depth = 0;
        throw unsupported(container, "it contains itself (a cycle)");
      }
    }
    if (depth == MAX_DEPTH) {
      depth = 0;
      throw unsupported(container, "it is nested deeper than " + MAX_DEPTH + " levels");
    }
    path[depth++] = container;
  }

  private void leave() {
    path[--depth] = null;
  }

  private UnsupportedArgumentException unsupported(Object value, String reason) {
    Arrays.fill(path, null);
    return new UnsupportedArgumentException(function, argument, value.getClass().getName(), reason);
  }

  private void writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  private void writeInt(int v) {
    ensure(4);
    INT_BE.set(buf, len, v);
    len += 4;
  }

  private void writeLong(long v) {
    ensure(8);
    LONG_BE.set(buf, len, v);
    len += 8;
  }

  /** Writes a string's UTF-16 code units: canonical, and cheaper than UTF-8 (no charset encoder). */
  private void writeString(String s) {
    int n = s.length();
    writeInt(n);
    ensure(2 * n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      buf[len++] = (byte) (c >>> 8);
      buf[len++] = (byte) c;
    }
  }

  private void writeBytes(byte[] bytes) {
    writeInt(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
