/* A classic BPF interpreter for seccomp programs, for tests.  It accepts
 * what the kernel's seccomp checker accepts: loads of the 32-bit words of
 * struct seccomp_data, the scratch memory, ALU, forward jumps, returns.
 *
 * Copyright 2026 the Hutch authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "bpf-eval.h"

#include <string.h>

static guint32
alu (guint16 op, guint32 a, guint32 operand)
{
  switch (op)
    {
      case BPF_ADD:
        return a + operand;
      case BPF_SUB:
        return a - operand;
      case BPF_MUL:
        return a * operand;
      case BPF_DIV:
        g_assert_cmpuint (operand, !=, 0);
        return a / operand;
      case BPF_MOD:
        g_assert_cmpuint (operand, !=, 0);
        return a % operand;
      case BPF_OR:
        return a | operand;
      case BPF_AND:
        return a & operand;
      case BPF_XOR:
        return a ^ operand;
      case BPF_LSH:
        return operand < 32 ? a << operand : 0;
      case BPF_RSH:
        return operand < 32 ? a >> operand : 0;
      case BPF_NEG:
        return -a;
      default:
        g_error ("unknown BPF ALU operation 0x%x", op);
    }
}

static gboolean
jump_taken (guint16 op, guint32 a, guint32 operand)
{
  switch (op)
    {
      case BPF_JEQ:
        return a == operand;
      case BPF_JGT:
        return a > operand;
      case BPF_JGE:
        return a >= operand;
      case BPF_JSET:
        return (a & operand) != 0;
      default:
        g_error ("unknown BPF jump 0x%x", op);
    }
}

static guint32
load_word (const struct seccomp_data *data, guint32 offset)
{
  guint32 word;

  g_assert_cmpuint (offset % 4, ==, 0);
  g_assert_cmpuint (offset, <=, sizeof *data - 4);
  memcpy (&word, (const char *)data + offset, 4);
  return word;
}

guint32
bpf_eval (const struct sock_filter *insns, gsize len, const struct seccomp_data *data, guint *n_run)
{
  guint32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };
  guint count = 0;

  g_assert_cmpuint (len, >, 0);
  g_assert_cmpuint (len, <=, BPF_MAXINSNS);
  for (gsize pc = 0; pc < len; pc++)
    {
      const struct sock_filter *in = &insns[pc];
      guint32 operand = BPF_SRC (in->code) == BPF_X ? x : in->k;

      count++;
      switch (BPF_CLASS (in->code))
        {
          case BPF_LD:
          case BPF_LDX:
            {
              guint32 v;

              if (in->code == (BPF_LD | BPF_W | BPF_ABS))
                v = load_word (data, in->k);
              else if (BPF_MODE (in->code) == BPF_IMM)
                v = in->k;
              else if (BPF_MODE (in->code) == BPF_LEN)
                v = sizeof *data;
              else if (BPF_MODE (in->code) == BPF_MEM && in->k < BPF_MEMWORDS)
                v = mem[in->k];
              else
                g_error ("unsupported BPF load 0x%x at %" G_GSIZE_FORMAT, in->code, pc);
              if (BPF_CLASS (in->code) == BPF_LD)
                a = v;
              else
                x = v;
              break;
            }
          case BPF_ST:
          case BPF_STX:
            g_assert_cmpuint (in->k, <, BPF_MEMWORDS);
            mem[in->k] = BPF_CLASS (in->code) == BPF_ST ? a : x;
            break;
          case BPF_ALU:
            a = alu (BPF_OP (in->code), a, operand);
            break;
          case BPF_JMP:
            if (BPF_OP (in->code) == BPF_JA)
              pc += in->k;
            else
              pc += jump_taken (BPF_OP (in->code), a, operand) ? in->jt : in->jf;
            g_assert_cmpuint (pc + 1, <, len);
            break;
          case BPF_RET:
            if (n_run != NULL)
              *n_run = count;
            return BPF_RVAL (in->code) == BPF_A ? a : in->k;
          case BPF_MISC:
            if (BPF_MISCOP (in->code) == BPF_TAX)
              x = a;
            else
              a = x;
            break;
          default:
            g_error ("unknown BPF class 0x%x", in->code);
        }
    }
  g_error ("BPF program runs off its end");
}

guint32
bpf_eval_bytes (GBytes *program, const struct seccomp_data *data, guint *n_run)
{
  gsize size;
  const struct sock_filter *insns = g_bytes_get_data (program, &size);

  g_assert_cmpuint (size % sizeof (struct sock_filter), ==, 0);
  return bpf_eval (insns, size / sizeof (struct sock_filter), data, n_run);
}
