// https-storage-access-inactive, changed as its comment says for `-unused`.
import './https-storage-access-inactive.js';
