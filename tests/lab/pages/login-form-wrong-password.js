// A server-rendered sign-in form submitted with a typo in the password (a navigation, not a
// fetch): the server answers 401 with the form again. That page ends the scenario.
const form = document.createElement('form');
form.method = 'post';
form.action = '/account/login';
for (const [name, value] of [['username', 'alice'], ['password', 's3cret-24']]) {
  const input = document.createElement('input');
  input.name = name;
  input.value = value;
  form.append(input);
}
document.body.append(form);
form.submit();
