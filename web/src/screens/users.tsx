// Users (admin): who may log in, in which role, a warehouse user limited to
// which warehouses, and who is disabled; and one's own password (everyone).
// These writes need the server: they are sent at once, never queued.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getAll, request, Role } from '../api';
import { Check, create, EditCell, NewPassword, RecordForm, Table, TextInput } from '../forms';
import { Key, t } from '../i18n';
import { CodeSelect, ErrorBox, Failure, Field, Page, useDonors, useWarehouses } from '../ui';

export interface User {
  username: string;
  role: Role;
  donor?: string;
  warehouses: string[];
  disabled: boolean;
}

const ROLES: Role[] = ['admin', 'warehouse', 'treasurer', 'auditor', 'donor'];

function RoleSelect({ value, onChange }: { value: Role; onChange: (r: Role) => void }) {
  return (
    <select name="role" value={value} onChange={(e) => onChange(e.currentTarget.value as Role)}>
      {ROLES.map((r) => (
        <option value={r}>{t(`role_${r}` as Key)}</option>
      ))}
    </select>
  );
}

// The warehouses a warehouse user is limited to: none ticked is every one.
function WarehouseChecks({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  const warehouses = useWarehouses();
  const toggle = (code: string, on: boolean) => onChange(on ? [...value, code] : value.filter((c) => c !== code));
  return (
    <fieldset class="field wide checks" data-testid="user-warehouses">
      <legend class="label">{t('userWarehouses')}</legend>
      {warehouses.map((w) => (
        <label key={w.code} class="check">
          <input
            type="checkbox"
            name="warehouses"
            value={w.code}
            checked={value.includes(w.code)}
            onChange={(e) => toggle(w.code, e.currentTarget.checked)}
          />{' '}
          {w.name} ({w.code})
        </label>
      ))}
      <span class="hint">{t('userWarehousesHint')}</span>
    </fieldset>
  );
}

// A user's role and what it carries (a donor user's donor, a warehouse
// user's warehouses): the fields, and the members of a request body.
function useRoleScope(user?: User) {
  const [role, setRole] = useState<Role>(user?.role ?? 'warehouse');
  const [donor, setDonor] = useState(user?.donor || '');
  const [warehouses, setWarehouses] = useState<string[]>(user?.warehouses ?? []);
  const donors = useDonors();
  const body = () => ({
    role,
    ...(role === 'donor' ? { donor } : {}),
    ...(role === 'warehouse' ? { warehouses } : {}),
  });
  const fields = (err: Failure) => (
    <>
      <Field label={t('role')} err={err} field="role">
        <RoleSelect value={role} onChange={setRole} />
      </Field>
      {role === 'donor' && (
        <Field label={t('donor')} err={err} field="donor">
          <CodeSelect name="donor" value={donor} onChange={setDonor} list={donors} empty="—" required />
        </Field>
      )}
      {role === 'warehouse' && <WarehouseChecks value={warehouses} onChange={setWarehouses} />}
    </>
  );
  return { body, fields, clear: () => setWarehouses([]) };
}

function AddUser({ onAdded }: { onAdded: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const scope = useRoleScope();
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    onAdded(await create<User>('/users', { username: username.trim(), password, ...scope.body() }));
    setUsername('');
    setPassword('');
    scope.clear();
  };
  return (
    <RecordForm
      title={t('userAdd')}
      testid="add-user"
      fields={['username', 'role', 'password', 'donor']}
      send={send}
      err={err}
      setErr={setErr}
      submit="userAdd"
    >
      <TextInput
        label={t('username')}
        name="username"
        value={username}
        set={setUsername}
        err={err}
        autocomplete="off"
        required
      />
      <NewPassword label={t('password')} name="password" value={password} set={setPassword} err={err} />
      {scope.fields(err)}
    </RecordForm>
  );
}

function EditUser({ user, onSaved, onCancel }: { user: User; onSaved: (u: User) => void; onCancel: () => void }) {
  const scope = useRoleScope(user);
  const [disabled, setDisabled] = useState(user.disabled);
  const [err, setErr] = useState<Failure>(null);
  const send = async () => {
    const body = { ...scope.body(), disabled };
    const r = await request('PATCH', `/users/${encodeURIComponent(user.username)}`, JSON.stringify(body));
    onSaved((await r.json()) as User);
  };
  return (
    <RecordForm
      title={t('userEdit', { u: user.username })}
      testid="edit-user"
      fields={['role', 'donor']}
      send={send}
      err={err}
      setErr={setErr}
      onCancel={onCancel}
    >
      <Check label={t('userDisabled')} name="disabled" checked={disabled} set={setDisabled} />
      {scope.fields(err)}
    </RecordForm>
  );
}

export function Users() {
  const [list, setList] = useState<User[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [err, setErr] = useState<Failure>(null);
  useEffect(() => {
    getAll<User>('/users')
      .then(setList)
      .catch((x) => setErr(x as Failure));
  }, []);
  const put = (u: User) =>
    setList((l) =>
      [...(l || []).filter((x) => x.username !== u.username), u].sort((a, b) => (a.username < b.username ? -1 : 1)),
    );
  const user = list?.find((u) => u.username === editing);
  return (
    <Page title="usersTitle">
      <ErrorBox err={err} />
      {list === null ? (
        <p>{t('loading')}</p>
      ) : (
        <Table
          testid="users"
          headings={[t('username'), t('role'), t('userWarehouses'), t('userStatus'), '']}
          rows={list}
          row={(u) => (
            <tr key={u.username} data-user={u.username} class={u.disabled ? 'muted' : ''}>
              <td>{u.username}</td>
              <td>
                {t(`role_${u.role}` as Key)}
                {u.donor ? ` (${u.donor})` : ''}
              </td>
              <td>{u.role === 'warehouse' ? u.warehouses.join(', ') || t('userAllWarehouses') : ''}</td>
              <td>{u.disabled ? t('userDisabled') : t('userActive')}</td>
              <EditCell onClick={() => setEditing(u.username)} />
            </tr>
          )}
        />
      )}
      {user && (
        <EditUser
          key={user.username}
          user={user}
          onSaved={(u) => {
            put(u);
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <AddUser onAdded={put} />
    </Page>
  );
}

// One's own password: the old one, and the new one twice. Every other session
// of the user ends; this one goes on.
export function Password() {
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [err, setErr] = useState<Failure>(null);
  const [done, setDone] = useState(false);
  const send = async () => {
    setDone(false);
    if (again !== next) throw new ApiError(422, '', '', [{ field: 'again', message: t('passwordMismatch') }]);
    await request('POST', '/sessions/password', JSON.stringify({ old, new: next }));
    setDone(true);
    setOld('');
    setNext('');
    setAgain('');
  };
  return (
    <Page title="passwordTitle">
      <RecordForm
        title={t('passwordChange')}
        testid="password-form"
        fields={['old', 'new', 'again']}
        send={send}
        err={err}
        setErr={setErr}
        submit="passwordChange"
        narrow
      >
        <TextInput
          label={t('passwordOld')}
          name="old"
          type="password"
          autocomplete="current-password"
          value={old}
          set={setOld}
          err={err}
          required
        />
        <NewPassword label={t('passwordNew')} name="new" value={next} set={setNext} err={err} />
        <NewPassword label={t('passwordAgain')} name="again" value={again} set={setAgain} err={err} repeat />
      </RecordForm>
      {done && (
        <p class="notice" role="status" data-testid="password-changed">
          {t('passwordChanged')}
        </p>
      )}
    </Page>
  );
}
