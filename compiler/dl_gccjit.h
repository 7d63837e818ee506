/*
 * dl_gccjit.h - libgccjit, loaded when a model is first compiled
 * (dynlib.h says why).  jit.c calls gcc_jit_* as always; each name below
 * is a slot of the table dl_gccjit_load fills.  A function missing here
 * fails to link (bscc does not link libgccjit): add it to both lists.
 * Besides what jit.c calls today, the list holds the struct, pointer and
 * location functions a code generator is likely to need next.
 */
#ifndef BSC_DL_GCCJIT_H
#define BSC_DL_GCCJIT_H

#include <libgccjit.h>
#include "dynlib.h"

#define DL_GCCJIT_FUNCS(X) \
  X(gcc_jit_block_add_assignment) \
  X(gcc_jit_block_add_assignment_op) \
  X(gcc_jit_block_add_comment) \
  X(gcc_jit_block_add_eval) \
  X(gcc_jit_block_end_with_conditional) \
  X(gcc_jit_block_end_with_jump) \
  X(gcc_jit_block_end_with_return) \
  X(gcc_jit_block_end_with_switch) \
  X(gcc_jit_block_end_with_void_return) \
  X(gcc_jit_context_acquire) \
  X(gcc_jit_context_add_command_line_option) \
  X(gcc_jit_context_add_driver_option) \
  X(gcc_jit_context_compile_to_file) \
  X(gcc_jit_context_dump_to_file) \
  X(gcc_jit_context_get_builtin_function) \
  X(gcc_jit_context_get_first_error) \
  X(gcc_jit_context_get_int_type) \
  X(gcc_jit_context_get_type) \
  X(gcc_jit_context_new_array_access) \
  X(gcc_jit_context_new_array_constructor) \
  X(gcc_jit_context_new_array_type) \
  X(gcc_jit_context_new_binary_op) \
  X(gcc_jit_context_new_bitcast) \
  X(gcc_jit_context_new_call) \
  X(gcc_jit_context_new_call_through_ptr) \
  X(gcc_jit_context_new_case) \
  X(gcc_jit_context_new_cast) \
  X(gcc_jit_context_new_comparison) \
  X(gcc_jit_context_new_field) \
  X(gcc_jit_context_new_function) \
  X(gcc_jit_context_new_function_ptr_type) \
  X(gcc_jit_context_new_global) \
  X(gcc_jit_context_new_location) \
  X(gcc_jit_context_new_opaque_struct) \
  X(gcc_jit_context_new_param) \
  X(gcc_jit_context_new_rvalue_from_double) \
  X(gcc_jit_context_new_rvalue_from_int) \
  X(gcc_jit_context_new_rvalue_from_long) \
  X(gcc_jit_context_new_rvalue_from_ptr) \
  X(gcc_jit_context_new_rvalue_from_vector) \
  X(gcc_jit_context_new_struct_type) \
  X(gcc_jit_context_new_unary_op) \
  X(gcc_jit_context_new_union_type) \
  X(gcc_jit_context_null) \
  X(gcc_jit_context_one) \
  X(gcc_jit_context_release) \
  X(gcc_jit_context_set_bool_option) \
  X(gcc_jit_context_set_bool_print_errors_to_stderr) \
  X(gcc_jit_context_set_int_option) \
  X(gcc_jit_context_zero) \
  X(gcc_jit_function_get_param) \
  X(gcc_jit_function_new_block) \
  X(gcc_jit_function_new_local) \
  X(gcc_jit_global_set_initializer) \
  X(gcc_jit_global_set_initializer_rvalue) \
  X(gcc_jit_lvalue_access_field) \
  X(gcc_jit_lvalue_as_rvalue) \
  X(gcc_jit_lvalue_get_address) \
  X(gcc_jit_param_as_rvalue) \
  X(gcc_jit_rvalue_access_field) \
  X(gcc_jit_rvalue_dereference) \
  X(gcc_jit_rvalue_dereference_field) \
  X(gcc_jit_rvalue_get_type) \
  X(gcc_jit_struct_as_type) \
  X(gcc_jit_struct_set_fields) \
  X(gcc_jit_type_get_aligned) \
  X(gcc_jit_type_get_const) \
  X(gcc_jit_type_get_pointer) \
  X(gcc_jit_type_get_vector) \
  X(gcc_jit_type_get_volatile)

typedef struct Dlgccjit { DL_GCCJIT_FUNCS(DL_SLOT) } Dlgccjit;
extern Dlgccjit dl_gccjit;

#ifndef DL_IMPL
#define gcc_jit_block_add_assignment dl_gccjit.gcc_jit_block_add_assignment
#define gcc_jit_block_add_assignment_op dl_gccjit.gcc_jit_block_add_assignment_op
#define gcc_jit_block_add_comment dl_gccjit.gcc_jit_block_add_comment
#define gcc_jit_block_add_eval dl_gccjit.gcc_jit_block_add_eval
#define gcc_jit_block_end_with_conditional dl_gccjit.gcc_jit_block_end_with_conditional
#define gcc_jit_block_end_with_jump dl_gccjit.gcc_jit_block_end_with_jump
#define gcc_jit_block_end_with_return dl_gccjit.gcc_jit_block_end_with_return
#define gcc_jit_block_end_with_switch dl_gccjit.gcc_jit_block_end_with_switch
#define gcc_jit_block_end_with_void_return dl_gccjit.gcc_jit_block_end_with_void_return
#define gcc_jit_context_acquire dl_gccjit.gcc_jit_context_acquire
#define gcc_jit_context_add_command_line_option dl_gccjit.gcc_jit_context_add_command_line_option
#define gcc_jit_context_add_driver_option dl_gccjit.gcc_jit_context_add_driver_option
#define gcc_jit_context_compile_to_file dl_gccjit.gcc_jit_context_compile_to_file
#define gcc_jit_context_dump_to_file dl_gccjit.gcc_jit_context_dump_to_file
#define gcc_jit_context_get_builtin_function dl_gccjit.gcc_jit_context_get_builtin_function
#define gcc_jit_context_get_first_error dl_gccjit.gcc_jit_context_get_first_error
#define gcc_jit_context_get_int_type dl_gccjit.gcc_jit_context_get_int_type
#define gcc_jit_context_get_type dl_gccjit.gcc_jit_context_get_type
#define gcc_jit_context_new_array_access dl_gccjit.gcc_jit_context_new_array_access
#define gcc_jit_context_new_array_constructor dl_gccjit.gcc_jit_context_new_array_constructor
#define gcc_jit_context_new_array_type dl_gccjit.gcc_jit_context_new_array_type
#define gcc_jit_context_new_binary_op dl_gccjit.gcc_jit_context_new_binary_op
#define gcc_jit_context_new_bitcast dl_gccjit.gcc_jit_context_new_bitcast
#define gcc_jit_context_new_call dl_gccjit.gcc_jit_context_new_call
#define gcc_jit_context_new_call_through_ptr dl_gccjit.gcc_jit_context_new_call_through_ptr
#define gcc_jit_context_new_case dl_gccjit.gcc_jit_context_new_case
#define gcc_jit_context_new_cast dl_gccjit.gcc_jit_context_new_cast
#define gcc_jit_context_new_comparison dl_gccjit.gcc_jit_context_new_comparison
#define gcc_jit_context_new_field dl_gccjit.gcc_jit_context_new_field
#define gcc_jit_context_new_function dl_gccjit.gcc_jit_context_new_function
#define gcc_jit_context_new_function_ptr_type dl_gccjit.gcc_jit_context_new_function_ptr_type
#define gcc_jit_context_new_global dl_gccjit.gcc_jit_context_new_global
#define gcc_jit_context_new_location dl_gccjit.gcc_jit_context_new_location
#define gcc_jit_context_new_opaque_struct dl_gccjit.gcc_jit_context_new_opaque_struct
#define gcc_jit_context_new_param dl_gccjit.gcc_jit_context_new_param
#define gcc_jit_context_new_rvalue_from_double dl_gccjit.gcc_jit_context_new_rvalue_from_double
#define gcc_jit_context_new_rvalue_from_int dl_gccjit.gcc_jit_context_new_rvalue_from_int
#define gcc_jit_context_new_rvalue_from_long dl_gccjit.gcc_jit_context_new_rvalue_from_long
#define gcc_jit_context_new_rvalue_from_ptr dl_gccjit.gcc_jit_context_new_rvalue_from_ptr
#define gcc_jit_context_new_rvalue_from_vector dl_gccjit.gcc_jit_context_new_rvalue_from_vector
#define gcc_jit_context_new_struct_type dl_gccjit.gcc_jit_context_new_struct_type
#define gcc_jit_context_new_unary_op dl_gccjit.gcc_jit_context_new_unary_op
#define gcc_jit_context_new_union_type dl_gccjit.gcc_jit_context_new_union_type
#define gcc_jit_context_null dl_gccjit.gcc_jit_context_null
#define gcc_jit_context_one dl_gccjit.gcc_jit_context_one
#define gcc_jit_context_release dl_gccjit.gcc_jit_context_release
#define gcc_jit_context_set_bool_option dl_gccjit.gcc_jit_context_set_bool_option
#define gcc_jit_context_set_bool_print_errors_to_stderr dl_gccjit.gcc_jit_context_set_bool_print_errors_to_stderr
#define gcc_jit_context_set_int_option dl_gccjit.gcc_jit_context_set_int_option
#define gcc_jit_context_zero dl_gccjit.gcc_jit_context_zero
#define gcc_jit_function_get_param dl_gccjit.gcc_jit_function_get_param
#define gcc_jit_function_new_block dl_gccjit.gcc_jit_function_new_block
#define gcc_jit_function_new_local dl_gccjit.gcc_jit_function_new_local
#define gcc_jit_global_set_initializer dl_gccjit.gcc_jit_global_set_initializer
#define gcc_jit_global_set_initializer_rvalue dl_gccjit.gcc_jit_global_set_initializer_rvalue
#define gcc_jit_lvalue_access_field dl_gccjit.gcc_jit_lvalue_access_field
#define gcc_jit_lvalue_as_rvalue dl_gccjit.gcc_jit_lvalue_as_rvalue
#define gcc_jit_lvalue_get_address dl_gccjit.gcc_jit_lvalue_get_address
#define gcc_jit_param_as_rvalue dl_gccjit.gcc_jit_param_as_rvalue
#define gcc_jit_rvalue_access_field dl_gccjit.gcc_jit_rvalue_access_field
#define gcc_jit_rvalue_dereference dl_gccjit.gcc_jit_rvalue_dereference
#define gcc_jit_rvalue_dereference_field dl_gccjit.gcc_jit_rvalue_dereference_field
#define gcc_jit_rvalue_get_type dl_gccjit.gcc_jit_rvalue_get_type
#define gcc_jit_struct_as_type dl_gccjit.gcc_jit_struct_as_type
#define gcc_jit_struct_set_fields dl_gccjit.gcc_jit_struct_set_fields
#define gcc_jit_type_get_aligned dl_gccjit.gcc_jit_type_get_aligned
#define gcc_jit_type_get_const dl_gccjit.gcc_jit_type_get_const
#define gcc_jit_type_get_pointer dl_gccjit.gcc_jit_type_get_pointer
#define gcc_jit_type_get_vector dl_gccjit.gcc_jit_type_get_vector
#define gcc_jit_type_get_volatile dl_gccjit.gcc_jit_type_get_volatile
#endif

#endif
