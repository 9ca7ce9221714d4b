package dev.blackbox.frame;

/** An open-addressing set of non-zero longs (linear probing, backward-shift deletion). Grows as needed. */
public final class LongSet {

    private long[] slots;
    private int size;

    public LongSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[cap];
    }

    public int size() {
        return size;
    }

    public boolean contains(long v) {
        int mask = slots.length - 1;
        for (int i = index(v, mask); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) {
                return false;
            }
            if (s == v) {
                return true;
            }
        }
    }

    /** Adds v (non-zero); true when it was not there before. */
    public boolean add(long v) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        for (int i = index(v, mask); ; i = (i + 1) & mask) {
            long s = slots[i];
            if (s == 0) {
                slots[i] = v;
                size++;
                return true;
            }
            if (s == v) {
                return false;
            }
        }
    }

    public boolean remove(long v) {
        int mask = slots.length - 1;
        int i = index(v, mask);
        while (true) {
            long s = slots[i];
            if (s == 0) {
                return false;
            }
            if (s == v) {
                break;
            }
            i = (i + 1) & mask;
        }
        // backward-shift: move later entries of the probe run into the hole
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            int home = index(slots[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = 0;
        size--;
        return true;
    }

    private static int index(long v, int mask) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) {
            if (v != 0) {
                add(v);
            }
        }
    }
}
