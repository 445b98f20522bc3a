/*
 * CLuaShims: the C half of Lunar's Lua bridge.
 *
 *  - static inline re-exports of Lua's macros, which Swift cannot import;
 *  - the trampoline that every Swift-provided function goes through: Swift runs and *returns* a status, and only
 *    then does C raise the Lua error, so a longjmp never crosses a Swift frame;
 *  - the __gc/__close release trampoline for userdata boxing Swift objects;
 *  - the message handler used for every lua_pcall from Swift (keeps the traceback);
 *  - protected helpers for the API calls that may raise ('e' class in the manual);
 *  - SIGINT handling as in lua.c (flag + hook), and an allocator that aborts instead of failing.
 */
#ifndef LUNAR_CLUASHIMS_H
#define LUNAR_CLUASHIMS_H

#include "../../CLua/lunar_lua.h"
#include <stddef.h>
#include <stdint.h>

/* Status codes a Swift entry point returns instead of a result count. */
#define LUNAR_RAISE (-1)        /* error value on top of the stack: raise it as is */
#define LUNAR_RAISE_WHERE (-2)  /* error message on top: prefix it with the caller's position, then raise */
#define LUNAR_ARGERROR (-3)     /* [argindex, message] on top: luaL_argerror */
#define LUNAR_TYPEERROR (-4)    /* [argindex, expected type name] on top: luaL_typeerror */

/** Swift's dispatcher: runs the function boxed in `box`; never raises. */
typedef int (*lunar_dispatch_fn)(lua_State *L, void *box);
/** Releases one retained Swift object (Unmanaged.release). Must not touch the Lua state. */
typedef void (*lunar_release_fn)(void *object);

void lunar_set_dispatch(lunar_dispatch_fn dispatch);
void lunar_set_release(lunar_release_fn release);

/** Pushes a C closure running the Swift function `box` (retained; released by the closure's __gc). */
void lunar_push_swift_function(lua_State *L, void *box);
/** Pushes a full userdata holding `object` (already retained) with the metatable registered as `tname`. */
void lunar_push_object(lua_State *L, void *object, const char *tname);
/** The object boxed at `idx` if it carries metatable `tname` (NULL when not, or when released). */
void *lunar_to_object(lua_State *L, int idx, const char *tname, int *is_box);
/** Releases the object boxed at `idx` now (idempotent). Returns 1 if it released something. */
int lunar_release_object(lua_State *L, int idx);
/** The __gc / __close metamethod for object boxes. */
int lunar_object_gc(lua_State *L);
/** Creates (or fetches) the metatable `tname` with __gc/__close/__name set; leaves it on the stack. */
int lunar_new_class_metatable(lua_State *L, const char *tname);

/** Message handler for lua_pcall: stores the traceback under registry["lunar.traceback"], keeps the value. */
int lunar_msghandler(lua_State *L);
/** lua_pcall with lunar_msghandler; returns the status. */
int lunar_pcall_traceback(lua_State *L, int nargs, int nresults);

/** A plain C function (returns nothing): the baseline for the call-overhead benchmark. */
int lunar_noop_cfunction(lua_State *L);

/** A fresh state whose allocator aborts the process instead of returning NULL (no memory errors). */
lua_State *lunar_newstate(void);

/* Protected helpers: each runs the raising operation under lua_pcall; returns a lua status.
   On success the result is on top; on failure the error value is. */
int lunar_ptolstring(lua_State *L, int idx);
int lunar_pgetfield(lua_State *L, int idx, const char *k);
int lunar_psetfield(lua_State *L, int idx, const char *k);  /* pops the value */
int lunar_pcallmeta_tostring(lua_State *L, int idx);

/* Interrupts (SIGINT), as lua.c: the handler sets a flag and a hook; the hook raises "interrupted!" and re-arms
   itself so a pcall in the script cannot swallow it. Long Swift loops poll lunar_interrupt_requested(). */
void lunar_interrupt_arm(lua_State *L);     /* install the SIGINT handler for code running in L */
void lunar_interrupt_disarm(void);          /* restore SIGINT, clear flag and hook */
int lunar_interrupt_requested(void);
void lunar_interrupt_request(void);         /* as if SIGINT arrived (tests, benchmarks) */
void lunar_interrupt_clear(void);

/* Macros re-exported. */
static inline void lunar_pop(lua_State *L, int n) { lua_settop(L, -(n)-1); }
static inline void lunar_newtable(lua_State *L) { lua_createtable(L, 0, 0); }
static inline const char *lunar_tostring(lua_State *L, int i) { return lua_tolstring(L, i, NULL); }
static inline int lunar_upvalueindex(int i) { return LUA_REGISTRYINDEX - i; }
static inline int lunar_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline void lunar_pushglobaltable(lua_State *L) { lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); }
static inline void lunar_insert(lua_State *L, int idx) { lua_rotate(L, idx, 1); }
static inline void lunar_remove(lua_State *L, int idx) { lua_rotate(L, idx, -1); lua_settop(L, -2); }
static inline void lunar_replace(lua_State *L, int idx) { lua_copy(L, -1, idx); lua_settop(L, -2); }
static inline int lunar_isnoneornil(lua_State *L, int i) { return lua_type(L, i) <= 0; }
static inline void *lunar_getextraspace(lua_State *L) { return lua_getextraspace(L); }
static inline int lunar_loadbuffer(lua_State *L, const char *s, size_t n, const char *name) {
    return luaL_loadbufferx(L, s, n, name, NULL);
}
static inline int lunar_gc_collect(lua_State *L) { return lua_gc(L, LUA_GCCOLLECT); }
static inline int lunar_gc_count_kb(lua_State *L) { return lua_gc(L, LUA_GCCOUNT); }
static inline void lunar_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcclosure(L, f, 0); }
static inline lua_Number lunar_tonumber(lua_State *L, int i, int *isnum) { return lua_tonumberx(L, i, isnum); }
static inline lua_Integer lunar_tointeger(lua_State *L, int i, int *isnum) { return lua_tointegerx(L, i, isnum); }

#endif
